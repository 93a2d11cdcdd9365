import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { unzipSync } from 'fflate';
import { ArchiveAsset } from './archive-asset';

function sourceDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'strata-archive-src-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

/** Synthesizes one stack holding an ArchiveAsset and returns the archive's bytes. */
function synthesizeArchive(source: string): { asset: ArchiveAsset; bytes: Buffer } {
  const outdir = mkdtempSync(join(tmpdir(), 'strata-archive-out-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'stack');
  const asset = new ArchiveAsset(stack, 'code', { path: source });
  app.synth();
  return { asset, bytes: readFileSync(join(outdir, 'stacks', 'stack', asset.path)) };
}

describe('ArchiveAsset', () => {
  const files = { 'index.js': 'exports.handler = 1;\n', 'lib/util.js': 'module.exports = 2;\n' };

  it('has the path and hash cdktf gives the same directory as an archive asset', () => {
    const source = sourceDirectory(files);
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'x-')) });
    const ours = new ArchiveAsset(new TerraformStack(app, 's'), 'code', { path: source });
    const theirs = new TerraformAsset(new TerraformStack(app, 't'), 'code', {
      path: source,
      type: AssetType.ARCHIVE,
    });
    expect(ours.assetHash).toBe(theirs.assetHash);
    expect(ours.path.replace(/^assets\/[^/]+/, '')).toBe(theirs.path.replace(/^assets\/[^/]+/, ''));
  });

  it('writes a zip of the directory, entries readable by everyone', () => {
    const { bytes } = synthesizeArchive(sourceDirectory(files));
    const entries = unzipSync(bytes);
    expect(Object.keys(entries).sort()).toEqual(['index.js', 'lib/util.js']);
    expect(Buffer.from(entries['lib/util.js']).toString()).toBe(files['lib/util.js']);
    // External attributes of the first central directory entry: -rw-r--r--.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect((bytes.readUInt32LE(central + 38) >>> 16) & 0o777).toBe(0o644);
  });

  it('gives the same bytes for the same files, whenever it runs', () => {
    const first = synthesizeArchive(sourceDirectory(files));
    const second = synthesizeArchive(sourceDirectory(files));
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const changed = synthesizeArchive(sourceDirectory({ ...files, 'index.js': 'changed' }));
    expect(changed.asset.assetHash).not.toBe(first.asset.assetHash);
  });

  it('refuses a path that is not a directory', () => {
    const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), 'x-')) }), 's');
    expect(() => new ArchiveAsset(stack, 'code', { path: '/nonexistent/dir' })).toThrow(
      /is not a directory/,
    );
  });
});
