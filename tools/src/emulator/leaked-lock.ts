/**
 * State locks a command leaves behind. The S3 backend's DynamoDB lock is a conditional PutItem
 * that the SDK retries when it gets no answer: an attempt the emulator answers late can write
 * the lock item after the command released it (the command has finished and nothing will ever
 * release it), or a retry can find the first attempt's item and refuse the command with its own
 * lock. Seen in CI: the edge stack's re-plan passed, and the next two commands on its state were
 * refused by a lock made the second the re-plan started. A lock made while a command ran, on a
 * state only that command uses, is its own; one made before it started is someone else's.
 */

/** The engine commands that take the state lock. */
const LOCKING_COMMANDS = new Set(['plan', 'apply', 'destroy', 'refresh', 'import']);

/** Whether the engine command takes the state lock. */
export function takesStateLock(args: readonly string[]): boolean {
  return LOCKING_COMMANDS.has(args[0] ?? '');
}

/** Whether a lock made at `createdMs` was made by a command that started at `startedMs`. */
export function madeSince(createdMs: number, startedMs: number): boolean {
  // The same clock: the command's start is read before the engine starts, its lock after.
  return createdMs >= startedMs;
}

/**
 * The ID of the lock a command left behind itself, if its output says it could not take a lock
 * created while it ran (from `startedMs` on; the engine prints the time to the nanosecond).
 */
export function ownLeakedLock(
  args: readonly string[],
  output: string,
  startedMs: number,
): string | undefined {
  if (!takesStateLock(args)) return undefined;
  if (!/Error acquiring the state lock/.test(output)) return undefined;
  const id = /^\s*ID:\s+(\S+)\s*$/m.exec(output)?.[1];
  const created = /^\s*Created:\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)? \+0000 UTC\s*$/m.exec(
    output,
  );
  if (!id || !created) return undefined;
  // Milliseconds of the engine's nanoseconds, as Date reads them.
  const createdMs = Date.parse(`${created[1].replace(' ', 'T')}${(created[2] ?? '').slice(0, 4)}Z`);
  return madeSince(createdMs, startedMs) ? id : undefined;
}
