import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAbandonedAssetDirectories, stagedDirectory } from './staged-directory';

describe('asset staging directories', () => {
  it('are named after the process that made them', () => {
    const directory = stagedDirectory('staged-directory.spec', () => undefined);
    expect(directory.split('/').pop()).toMatch(new RegExp(`^strata-asset-${process.pid}-`));
  });

  it('remove what processes that no longer run left, and nothing of a running one', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-asset-sweep-'));
    const dead = 2 ** 22 + 1; // above the kernel's default pid range: no process has it
    for (const name of [
      `strata-asset-${dead}-abc`,
      `strata-asset-${process.pid}-def`,
      'strata-asset-old123',
      'strata-asset-new456',
      'unrelated',
    ]) {
      mkdirSync(join(root, name));
    }
    // An old-style name (no pid) is removed only once it is a day old.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60_000);
    utimesSync(join(root, 'strata-asset-old123'), twoDaysAgo, twoDaysAgo);
    expect(removeAbandonedAssetDirectories(root).sort()).toEqual([
      `strata-asset-${dead}-abc`,
      'strata-asset-old123',
    ]);
    expect(readdirSync(root).sort()).toEqual([
      `strata-asset-${process.pid}-def`,
      'strata-asset-new456',
      'unrelated',
    ]);
    expect(existsSync(join(root, `strata-asset-${dead}-abc`))).toBe(false);
  });
});
