import { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EngineResult,
  engineEnv,
  exec,
  prepareStackWorkdir,
  withPluginCacheLock,
} from '../engine/engine-workdir';
import type { Toolchain } from '../validate/toolchain';
import type { FlowStack } from './flow-plan';
import { emulatorProviderEnv } from './provider-waits';

/** No single engine command may run longer than this; a hung provider fails the run. */
export const ENGINE_COMMAND_TIMEOUT_MS = 10 * 60_000;

/** One synthesized stack in a scratch directory, driven through the real engine. */
export class StackSession {
  readonly workDir: string;

  constructor(
    readonly stack: FlowStack,
    workRoot: string,
    private readonly toolchain: Toolchain,
  ) {
    this.workDir = join(workRoot, stack.stack);
    prepareStackWorkdir(stack.stackDir, this.workDir, toolchain);
  }

  /** `init` with the stack's own backend; extra `-backend-config` settings override it. */
  init(backendConfig: Readonly<Record<string, string>> = {}): Promise<EngineResult> {
    const settings = Object.entries(backendConfig).map(
      ([key, value]) => `-backend-config=${key}=${value}`,
    );
    return withPluginCacheLock(this.toolchain, () =>
      this.run(['init', '-input=false', ...settings]),
    );
  }

  /** Runs one engine command; its full output is appended to `engine.log` in the work dir. */
  async run(
    args: readonly string[],
    options: { onStart?: (child: ChildProcess) => void; env?: NodeJS.ProcessEnv } = {},
  ): Promise<EngineResult> {
    const started = Date.now();
    const result = await exec(this.toolchain.engine.path, [...args, '-no-color'], this.workDir, {
      timeoutMs: ENGINE_COMMAND_TIMEOUT_MS,
      env: { ...engineEnv(this.toolchain), ...emulatorProviderEnv(this.workDir), ...options.env },
      onStart: options.onStart,
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    appendFileSync(
      join(this.workDir, 'engine.log'),
      `$ ${args.join(' ')}  (exit ${result.code}, ${seconds} s)\n${result.stdout}${result.stderr}\n`,
    );
    return result;
  }
}

/** The tail of an engine command's output, for a failed check's report. */
export function failureDetail(result: EngineResult): string {
  // The engine's errors are on stderr; stdout's last lines show where it stood.
  const progress = result.stdout.trim().split('\n').slice(-10).join('\n');
  const text = [progress, result.stderr.trim()].filter(Boolean).join('\n');
  return result.timedOut
    ? `timed out after ${ENGINE_COMMAND_TIMEOUT_MS / 60_000} min\n${text}`
    : text;
}
