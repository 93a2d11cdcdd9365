import { spawnSync } from 'node:child_process';
import { StackApplied } from './deployments';
import { Fingerprints } from './fingerprint';

/** One engine command in a stack directory; `status` 0 is success. */
export type EngineRun = (directory: string, args: readonly string[]) => { status: number };

/** The engine on the runner's PATH (or `engine`), its output streamed to the job log. */
export function engineOnPath(
  engine = 'terraform',
  output: 'inherit' | 'ignore' = 'inherit',
): EngineRun {
  return (directory, args) => {
    const run = spawnSync(engine, args, {
      cwd: directory,
      stdio: output,
      env: { ...process.env, TF_IN_AUTOMATION: '1' },
    });
    return { status: run.status ?? 1 };
  };
}

/** Waits for the lock a drift check or a pull request's plan may hold briefly; never breaks it. */
const LOCK_TIMEOUT = '-lock-timeout=15m';

export interface ApplyStack {
  readonly stack: string;
  readonly environment: string;
  readonly directory: string;
}

export interface EnvironmentApplyResult {
  readonly applied: readonly string[];
  /** The stack whose init, plan or apply failed; every later stack was left alone. */
  readonly failed?: { readonly stack: string; readonly step: string };
}

/**
 * Applies the selected stacks of one environment, in order (waves, primary region first):
 * init, plan to a file, apply that plan. Each success is recorded at once (the next run
 * skips the stack unless it changes again); the first failure stops the environment, and
 * the failed stack, never recorded, is selected again by the next run.
 */
export async function applyEnvironment(
  stacks: readonly ApplyStack[],
  fingerprints: Fingerprints,
  commit: string,
  engine: EngineRun,
  record: (applied: StackApplied) => Promise<void>,
): Promise<EnvironmentApplyResult> {
  const applied: string[] = [];
  for (const { stack, environment, directory } of stacks) {
    const fingerprint = fingerprints[stack];
    if (!fingerprint) throw new Error(`no fingerprint for ${stack}: run "main.js fingerprints"`);
    const steps: Array<[string, string[]]> = [
      ['init', ['init', '-input=false', LOCK_TIMEOUT]],
      ['plan', ['plan', '-input=false', LOCK_TIMEOUT, '-out=apply.tfplan']],
      ['apply', ['apply', '-input=false', LOCK_TIMEOUT, 'apply.tfplan']],
    ];
    for (const [step, args] of steps) {
      if (engine(directory, args).status !== 0) return { applied, failed: { stack, step } };
    }
    await record({ stack, environment, commit, fingerprint });
    applied.push(stack);
  }
  return { applied };
}
