// Regenerates the environment file reference (docs/environments.md) from the schema (libs/config): the
// table between the "| Field " header and the next blank line. A test (libs/config
// readme.spec.ts) fails while the two differ.
//
//   node tools/scripts/environment-reference.mjs          # print the table
//   node tools/scripts/environment-reference.mjs --write  # and put it in the page
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';

const PAGE = 'docs/environments.md';

const bundle = buildSync({
  stdin: {
    contents: "export { environmentFieldReference } from '@strata/config';",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  tsconfig: 'tsconfig.base.json',
  write: false,
  logLevel: 'error',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(
  module,
  module.exports,
  createRequire(`${process.cwd()}/package.json`),
);
const cell = (text) => text.replace(/\|/g, '\\|');
const table = [
  '| Field | Default | Meaning |',
  '| --- | --- | --- |',
  ...module.exports
    .environmentFieldReference()
    .map((row) => `| \`${row.field}\` | ${cell(row.default)} | ${cell(row.description)} |`),
].join('\n');
if (process.argv.includes('--write')) {
  const readme = readFileSync(PAGE, 'utf8');
  const start = readme.indexOf('| Field ');
  const end = readme.indexOf('\n\n', start);
  writeFileSync(PAGE, `${readme.slice(0, start)}${table}${readme.slice(end)}`);
  console.log(`${PAGE}: environment file reference updated (run prettier on it)`);
} else {
  console.log(table);
}
