import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One step of a check that runs commands, as its report lists it. */
export interface StepResult {
  readonly name: string;
  readonly passed: boolean;
  readonly seconds: number;
  readonly detail?: string;
  /** What a passed step measured. */
  readonly note?: string;
}

/**
 * The steps of a check (the consumer check, the cdktn comparison): each printed as it ends
 * (`PASS name (1.2 s)`), the first failure stopping the check, and the list written as its
 * report for the test summary.
 */
export class StepLog {
  readonly results: StepResult[] = [];

  /** Runs a command as a step and returns its stdout; throws when it fails. */
  run(
    name: string,
    command: string,
    args: readonly string[],
    cwd: string,
    env: Readonly<Record<string, string>> = {},
  ): string {
    const started = Date.now();
    const run = spawnSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (Date.now() - started) / 1000;
    const detail =
      run.status === 0 ? undefined : `${run.stderr || run.stdout || run.error?.message}`.trim();
    this.record({ name, passed: detail === undefined, seconds, detail });
    return run.stdout;
  }

  /** Records a check made in-process as a step: passed when `failures` is empty. */
  verdict(name: string, failures: readonly string[], note?: string): void {
    const detail = failures.length > 0 ? failures.join('\n') : undefined;
    this.record({ name, passed: detail === undefined, seconds: 0, detail, note });
  }

  /** Records a step measured elsewhere; throws when it failed, unless told to go on. */
  record(result: StepResult, stopOnFailure = true): void {
    this.results.push(result);
    const time = result.seconds > 0 ? ` (${result.seconds.toFixed(1)} s)` : '';
    const note = result.passed && result.note ? `: ${result.note}` : '';
    console.log(`${result.passed ? 'PASS' : 'FAIL'} ${result.name}${time}${note}`);
    if (!result.passed) {
      console.log(result.detail?.replace(/^/gm, '     '));
      if (stopOnFailure) throw new Error(`${result.name} failed`);
    }
  }

  /** Writes the report and sets the exit code; `error` is what stopped the check, if anything. */
  finish(reportFile: string, label: string, error?: Error): void {
    // A failed step throws `<name> failed`, already recorded; any other error is one more.
    const recorded = (result: StepResult) =>
      !result.passed && error?.message === `${result.name} failed`;
    if (error && !this.results.some(recorded)) {
      this.results.push({ name: label, passed: false, seconds: 0, detail: error.message });
      console.error(error.message);
    }
    mkdirSync(dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, `${JSON.stringify(this.results, null, 2)}\n`);
    const failed = this.results.filter((result) => !result.passed).length;
    console.log(`${this.results.length - failed} of ${this.results.length} ${label} steps passed`);
    if (failed > 0 || this.results.length === 0) process.exitCode = 1;
  }
}
