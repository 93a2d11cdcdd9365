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
import { madeSince, ownLeakedLock, takesStateLock } from './leaked-lock';
import { emulatorProviderEnv } from './provider-waits';

/** No single engine command may run longer than this; a hung provider fails the run. */
export const ENGINE_COMMAND_TIMEOUT_MS = 10 * 60_000;

/** The lock a stack's state holds now, if any: the engine's lock ID and when it was made. */
export type HeldLockProbe = () => Promise<
  { readonly id: string; readonly createdMs: number } | undefined
>;

/** One synthesized stack in a scratch directory, driven through the real engine. */
export class StackSession {
  readonly workDir: string;

  constructor(
    readonly stack: FlowStack,
    workRoot: string,
    private readonly toolchain: Toolchain,
    /** Reads the stack's state lock while it is held. @default none: only the output tells */
    private readonly heldLock?: HeldLockProbe,
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

  /**
   * Runs one engine command; its full output is appended to `engine.log` in the work dir. A
   * lock the command left behind (leaked-lock.ts: made while it ran, still held after it, or
   * the lock it was refused by) is released with `force-unlock`, both in the log; a command
   * refused by its own lock runs once more.
   */
  async run(
    args: readonly string[],
    options: { onStart?: (child: ChildProcess) => void; env?: NodeJS.ProcessEnv } = {},
  ): Promise<EngineResult> {
    const started = Date.now();
    const result = await this.runOnce(args, options);
    if (!takesStateLock(args)) return result;
    const refusedBy = ownLeakedLock(args, `${result.stdout}${result.stderr}`, started);
    // No lock table yet (the bootstrap's local state), or none reachable: nothing to release.
    const held =
      refusedBy === undefined ? await this.heldLock?.().catch(() => undefined) : undefined;
    const leaked = refusedBy ?? (held && madeSince(held.createdMs, started) ? held.id : undefined);
    if (leaked === undefined) return result;
    const unlock = await this.runOnce(['force-unlock', '-force', leaked]);
    return unlock.code === 0 && refusedBy !== undefined ? this.runOnce(args, options) : result;
  }

  private async runOnce(
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
