import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A package's command-line entry point, as its package.json names it. */
export function packageBin(root: string, pkg: string, command: string): string {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [root] });
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin;
  return join(dirname(manifest), bin[command]);
}
