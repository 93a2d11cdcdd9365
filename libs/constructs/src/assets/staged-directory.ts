import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const staged = new Map<string, string>();

/**
 * A directory built once per process for an asset (cdktf copies assets into the stack at
 * synth), removed when the process exits. Calls with the same key share one directory.
 */
export function stagedDirectory(key: string, fill: (directory: string) => void): string {
  let directory = staged.get(key);
  if (!directory) {
    directory = mkdtempSync(join(tmpdir(), 'strata-asset-'));
    if (staged.size === 0) {
      process.once('exit', () => {
        for (const dir of staged.values()) rmSync(dir, { recursive: true, force: true });
      });
    }
    staged.set(key, directory);
    fill(directory);
  }
  return directory;
}
