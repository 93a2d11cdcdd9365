import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const staged = new Map<string, string>();

/** `strata-asset-<pid>-<random>`: the pid tells a later process whether the owner still runs. */
const PREFIX = 'strata-asset-';
/** Directories of the older naming (no pid) are removed once this old. */
const UNNAMED_AGE_MS = 24 * 60 * 60_000;

/**
 * A directory built once per process for an asset (cdktf copies assets into the stack at
 * synth), removed when the process exits. Calls with the same key share one directory.
 * A process killed by a signal never sees its exit: the next one removes what it left.
 */
export function stagedDirectory(key: string, fill: (directory: string) => void): string {
  let directory = staged.get(key);
  if (!directory) {
    if (staged.size === 0) {
      removeAbandonedAssetDirectories();
      process.once('exit', () => {
        for (const dir of staged.values()) rmSync(dir, { recursive: true, force: true });
      });
    }
    directory = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    staged.set(key, directory);
    fill(directory);
  }
  return directory;
}

/** Removes the asset directories of processes that no longer run; returns their names. */
export function removeAbandonedAssetDirectories(root: string = tmpdir()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.startsWith(PREFIX)) continue;
    const owner = /^strata-asset-(\d+)-/.exec(entry)?.[1];
    const path = join(root, entry);
    try {
      const abandoned =
        owner === undefined
          ? Date.now() - statSync(path).mtimeMs > UNNAMED_AGE_MS
          : !isRunning(Number(owner));
      if (!abandoned) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // Gone already, or not ours to remove: left alone.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
