import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { DirectoryAsset } from './directory-asset';

function sourceDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'strata-directory-src-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

describe('DirectoryAsset', () => {
  const files = { 'Chart.yaml': 'name: x\n', 'templates/a.yaml': 'kind: ConfigMap\n' };

  it('has the path and hash cdktf gives the same directory', () => {
    const source = sourceDirectory(files);
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'x-')) });
    const ours = new DirectoryAsset(new TerraformStack(app, 's'), 'chart', { path: source });
    const theirs = new TerraformAsset(new TerraformStack(app, 't'), 'chart', {
      path: source,
      type: AssetType.DIRECTORY,
    });
    expect(ours.assetHash).toBe(theirs.assetHash);
    expect(ours.path).toBe(theirs.path);
  });

  it('places every file of the directory in every stack that uses it', () => {
    const source = sourceDirectory(files);
    const outdir = mkdtempSync(join(tmpdir(), 'strata-directory-out-'));
    const app = new App({ outdir });
    const assets = ['dev', 'prod'].map(
      (stack) => new DirectoryAsset(new TerraformStack(app, stack), 'chart', { path: source }),
    );
    app.synth();
    for (const [index, stack] of ['dev', 'prod'].entries()) {
      for (const [name, text] of Object.entries(files)) {
        expect(readFileSync(join(outdir, 'stacks', stack, assets[index].path, name), 'utf8')).toBe(
          text,
        );
      }
    }
  });

  it('refuses a path that is not a directory', () => {
    const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), 'x-')) }), 's');
    expect(() => new DirectoryAsset(stack, 'chart', { path: '/nonexistent/dir' })).toThrow(
      /is not a directory/,
    );
  });
});
