import type { ChildProcess } from 'node:child_process';

/**
 * Ties what this process started to its life: `kill` runs if it exits, and SIGINT or SIGTERM
 * run `stop` before it exits (130 or 143), so no run leaves a server behind. Returns the
 * function that unties them, for a stop() that happens first.
 */
export function tieToProcess(kill: () => void, stop: () => Promise<void>): () => void {
  const onExit = () => kill();
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/**
 * Polls `ready` every 250 ms until it holds (a failed probe counts as not yet). Fails at once
 * when `exited` reports a child that died (its message says which and why), or after
 * `timeoutMs` naming `owner` and `what` it waited for.
 */
export async function waitUntilReady(
  owner: string,
  what: string,
  ready: () => Promise<boolean>,
  options: { readonly timeoutMs: number; readonly exited: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const death = options.exited();
    if (death) throw new Error(`${death} while waiting for ${what}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(
        `${owner} was not ready within ${options.timeoutMs / 1000} s (waiting for ${what})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
