import { mkdirSync, rmSync, statSync } from 'node:fs';

/** A lock older than this was left by a killed process and may be taken over. */
const STALE_AFTER_MS = 10 * 60 * 1000;
const POLL_MS = 200;

/**
 * Runs `work` while holding a lock shared by every process on the machine (an exclusive
 * `mkdir`), so steps that are not safe to run concurrently, such as filling Terraform's
 * plugin cache, run one at a time even when Nx validates several apps in parallel.
 */
export async function withCrossProcessLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lockDir)) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isStale(lockDir: string): boolean {
  try {
    return Date.now() - statSync(lockDir).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false; // released between our mkdir and stat
  }
}
