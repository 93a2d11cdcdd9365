import { spawnSync } from 'node:child_process';
import { packageBin } from './package-bin';

/**
 * `text` formatted as the repository's prettier check expects the file at `path` to be (the
 * CLI, as `npm run format` runs it: prettier's API is an ES module jest cannot load).
 */
export function formatLikeTheRepository(root: string, path: string, text: string): string {
  const run = spawnSync(
    process.execPath,
    [packageBin(root, 'prettier', 'prettier'), '--stdin-filepath', path],
    {
      cwd: root,
      input: text,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`prettier could not format ${path}: ${run.stderr}`);
  return run.stdout;
}
