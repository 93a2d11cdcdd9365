import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Node only, like the rest of synth-run (the platform launcher loads nothing else): a lock is
 * a directory made with one atomic `mkdir` beside the output it guards, holding the owner's
 * pid. On one machine the pid says exactly whether the owner still runs, so a lock left by a
 * killed synth is taken over at once, with no heartbeat timer (which proper-lockfile needs).
 */
const OWNER_FILE = 'pid';
/** A lock directory still without its pid file this long was left by a crash while locking. */
const UNOWNED_GRACE_MS = 10_000;

/** The locks a synth holds on its output directories. */
export interface OutputLocks {
  /** Removes the locks; safe to call more than once. */
  release(): void;
}

/** How `lockOutputs` waits. */
export interface LockOptions {
  /** How long a second synth waits for the first. @default STRATA_SYNTH_LOCK_TIMEOUT_MS or 120 s */
  readonly timeoutMs?: number;
  /** How often it looks again while waiting. @default 100 */
  readonly pollMs?: number;
}

/** The lock directory of an output directory. */
export const lockOf = (outdir: string): string => `${outdir}.lock`;

/**
 * Locks every output directory a synth will write, in one order for every process (so two
 * runs over overlapping layers cannot deadlock). Waits while another live synth holds one;
 * fails, naming the directory and the holder, when the wait is over.
 */
export async function lockOutputs(
  outdirs: readonly string[],
  options: LockOptions = {},
): Promise<OutputLocks> {
  const timeoutMs =
    options.timeoutMs ?? (Number(process.env.STRATA_SYNTH_LOCK_TIMEOUT_MS) || 120_000);
  const pollMs = options.pollMs ?? 100;
  const held: string[] = [];
  const release = () => {
    for (const lock of held.splice(0)) rmSync(lock, { recursive: true, force: true });
  };
  try {
    for (const outdir of [...new Set(outdirs)].sort()) {
      const lock = lockOf(outdir);
      const deadline = Date.now() + timeoutMs;
      while (!tryLock(lock)) {
        if (Date.now() > deadline) {
          const owner = ownerOf(lock);
          throw new Error(
            `${outdir} is being written by another synth (${owner === undefined ? 'a process still taking the lock' : `process ${owner}`}); waited ${Math.round(timeoutMs / 1000)} s. ` +
              `If no synth runs, remove ${lock}.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      held.push(lock);
    }
  } catch (error) {
    release();
    throw error;
  }
  return { release };
}

function tryLock(lock: string): boolean {
  mkdirSync(dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (!isAbandoned(lock)) return false;
    // The owner is gone: take the lock over. Two runs taking over at once both remove it;
    // only one of them then wins the mkdir below.
    rmSync(lock, { recursive: true, force: true });
    try {
      mkdirSync(lock);
    } catch {
      return false;
    }
  }
  writeFileSync(join(lock, OWNER_FILE), String(process.pid));
  return true;
}

function ownerOf(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, OWNER_FILE), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function isAbandoned(lock: string): boolean {
  const owner = ownerOf(lock);
  if (owner === undefined) {
    try {
      return Date.now() - statSync(lock).mtimeMs > UNOWNED_GRACE_MS;
    } catch {
      return true;
    }
  }
  return !isRunning(owner);
}

/** Whether a process with this pid runs on this machine. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Staging and previous-output directories beside `outdir` that no running synth owns:
 * `<outdir>.staging-<pid>` and `<outdir>.old-<pid>` of a synth that was killed. Called with
 * the output's lock held, so no live synth of this output can be writing them.
 */
export function removeLeftovers(outdir: string): string[] {
  const parent = dirname(outdir);
  const name = basename(outdir);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = new RegExp(`^${escapeRegExp(name)}\\.(?:staging|old)-(\\d+)$`).exec(entry);
    if (!match || Number(match[1]) === process.pid) continue;
    try {
      rmSync(join(parent, entry), { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // A leftover that cannot be removed (read-only) stays; it is never read.
    }
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
