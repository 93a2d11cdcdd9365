import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';

const root = findWorkspaceRoot(__dirname);

/** Every non-spec TypeScript source under `dir`, relative to the workspace. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
      ? [relative(root, path)]
      : [];
  });
}

describe('the tools bundle', () => {
  // esbuild bundles the libraries into dist/tools: the add-on check's rules (ADDON_CHECK_RULES)
  // come from libs/constructs. Without them as inputs, Nx replayed a stale bundle after a
  // library change and the check ran on the old rules.
  it('is rebuilt by Nx when any library source it bundles changes', () => {
    const inputs = JSON.parse(
      execFileSync(
        process.execPath,
        [
          require.resolve('nx/bin/nx', { paths: [root] }),
          'show',
          'target',
          'inputs',
          'tools:build',
          '--json',
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        },
      ),
    ) as { files: string[] };
    const files = new Set(inputs.files);
    const libraries = readdirSync(join(root, 'libs')).flatMap((lib) =>
      sources(join(root, 'libs', lib, 'src')),
    );
    expect(libraries.filter((file) => !files.has(file))).toEqual([]);
  }, 60000);
});
