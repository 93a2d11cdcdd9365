// Prints one line that changes whenever any entry of environments/ (or STRATA_ENVIRONMENTS_DIR)
// changes: Nx's file inputs hash regular files only, so a directory, link or pipe named
// `*.yaml` would otherwise leave a cached synth "passing". Never opens anything but regular
// files (a pipe would block), and hashes huge files by size and time instead of content.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MAX_HASHED_BYTES = 1024 * 1024;
const dir = resolve(process.env.STRATA_ENVIRONMENTS_DIR ?? 'environments');
const hash = createHash('sha256');

function entry(path, name) {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    return `${name} missing ${error.code}`;
  }
  if (stats.isSymbolicLink()) return `${name} link ${readlinkSync(path)}`;
  if (stats.isDirectory()) return `${name} directory ${readdirSync(path).sort().join('/')}`;
  if (!stats.isFile()) return `${name} special ${stats.mode}`;
  if (stats.size > MAX_HASHED_BYTES) return `${name} file ${stats.size} ${stats.mtimeMs}`;
  try {
    const content = createHash('sha256').update(readFileSync(path)).digest('hex');
    return `${name} file ${stats.mode} ${content}`;
  } catch (error) {
    return `${name} unreadable ${error.code}`;
  }
}

let names = [];
try {
  names = readdirSync(dir).sort();
} catch (error) {
  hash.update(`no directory ${error.code}`);
}
for (const name of names) hash.update(`${entry(join(dir, name), name)}\n`);
console.log(hash.digest('hex'));
