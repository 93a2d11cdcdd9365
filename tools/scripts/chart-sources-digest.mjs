// An Nx runtime input (the `chartSources` named input): one line that changes whenever the
// chart or manifest mirror in force changes, in place or by path. Nx's `env` inputs saw only
// the mirror's path, so a chart added or replaced under the same path replayed a cached result
// (a chart the check could not find, "passing"). The settings are the ones every target gets
// from chart-mirrors.cjs; each mirror is hashed file by file: path, type and content.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const {
  chartSourceSettings,
  CHART_MIRROR_ENV,
  MANIFEST_MIRROR_ENV,
} = require('./chart-mirrors.cjs');

/** Every entry under `dir`, sorted, as `relative-path type digest` lines. */
function* entries(dir, prefix = '') {
  let names;
  try {
    names = readdirSync(join(dir, prefix)).sort();
  } catch (error) {
    yield `${prefix || '.'} unreadable ${error.code}`;
    return;
  }
  for (const name of names) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const path = join(dir, relative);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) yield `${relative} link ${readlinkSync(path)}`;
    else if (stats.isDirectory()) yield* entries(dir, relative);
    else if (stats.isFile())
      yield `${relative} file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    else yield `${relative} special ${stats.mode}`;
  }
}

const settings = chartSourceSettings();
const hash = createHash('sha256');
for (const name of [CHART_MIRROR_ENV, MANIFEST_MIRROR_ENV]) {
  const value = settings[name];
  // Unset: charts are pulled by their pinned version, which the sources already hash.
  hash.update(`${name}=${value ?? '(unset)'}\n`);
  if (value) for (const line of entries(resolve(value))) hash.update(`${line}\n`);
}
console.log(hash.digest('hex'));
