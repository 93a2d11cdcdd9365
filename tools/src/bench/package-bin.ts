import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A package's command-line entry point, as its package.json names it. */
export function packageBin(root: string, pkg: string, command: string): string {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [root] });
  // `bin` is one path (the command is the package's name) or a map of commands to paths.
  const bin = (
    JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }
  ).bin;
  const path = typeof bin === 'string' ? bin : bin[command];
  if (!path) throw new Error(`${pkg} has no command "${command}"`);
  return join(dirname(manifest), path);
}
