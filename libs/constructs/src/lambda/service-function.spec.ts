import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionAssetDirectory } from './service-function';

/** A directory tree with the given files, each holding its own path. */
function tree(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-function-asset-'));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), file);
  }
  return root;
}

describe('functionAssetDirectory', () => {
  it('finds the library source in this repository', () => {
    expect(functionAssetDirectory('restore-validation')).toMatch(
      /libs[\\/]constructs[\\/]assets[\\/]restore-validation$/,
    );
  });

  it('takes the workspace source over the packed copy dist/libs/constructs, which a package build rewrites beside a synth', () => {
    const root = tree([
      'nx.json',
      'libs/constructs/assets/fn/index.js',
      'dist/libs/constructs/assets/fn/index.js',
      'dist/apps/platform/main.js',
    ]);
    expect(functionAssetDirectory('fn', 'index.js', join(root, 'dist', 'apps', 'platform'))).toBe(
      join(root, 'libs', 'constructs', 'assets', 'fn'),
    );
  });

  it('takes an installed package its own assets, beside the package', () => {
    const root = tree([
      'nx.json',
      'libs/constructs/assets/fn/index.js',
      'node_modules/@strata/constructs/assets/fn/index.js',
      'node_modules/@strata/constructs/src/lambda/service-function.js',
    ]);
    const installed = join(root, 'node_modules', '@strata', 'constructs');
    expect(functionAssetDirectory('fn', 'index.js', join(installed, 'src', 'lambda'))).toBe(
      join(installed, 'assets', 'fn'),
    );
  });

  it('names the asset and where it looked when there is none', () => {
    const root = tree(['dist/libs/constructs/assets/fn/index.js']);
    const from = join(root, 'dist', 'apps');
    expect(() => functionAssetDirectory('fn', 'index.js', from)).toThrow(
      `function asset "fn" not found above ${from}`,
    );
  });
});
