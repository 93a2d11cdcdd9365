import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapsWithoutSources, unreachableModules } from './shipped-files';

/** A built package in a scratch directory: its files by path. */
function packageWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-shipped-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('what a built package ships', () => {
  it('finds a module no export reaches, following requires of files and folders', () => {
    const dir = packageWith({
      'index.js': 'require("./kms"); require("cdktf");',
      'kms/index.js': 'require("./kms-key"); require("../scope/names")',
      'kms/kms-key.js': '',
      'scope/names.js': '',
      'net/index.js': '',
      'testing/load-issues.js': 'require("../kms")',
      'assets/handler/index.js': '',
    });
    const exports = {
      '.': { types: './index.d.ts', default: './index.js' },
      './net': { types: './net/index.d.ts', default: './net/index.js' },
      './charts/*': './charts/*',
    };
    expect(unreachableModules(dir, exports, ['assets'])).toEqual(['testing/load-issues.js']);
  });

  it('finds a source map that names a source it does not carry', () => {
    const map = (content?: string[]) =>
      JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: content });
    const dir = packageWith({
      'a.js.map': map(['export const a = 1;']),
      'b.js.map': map(),
      'c/d.js.map': map([]),
    });
    expect(mapsWithoutSources(dir).sort()).toEqual(['b.js.map', 'c/d.js.map']);
  });
});
