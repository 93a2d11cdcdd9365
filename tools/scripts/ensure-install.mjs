// Installs npm dependencies when node_modules is missing or older than package-lock.json,
// so each README command works on a fresh clone. Uses only Node built-ins.
//
// `npm install --no-save`, not `npm ci`: every dependency is pinned exactly and the lock file
// is honoured either way, but a registry mirror that serves only this platform's optional
// binaries (as CI's does) leaves other platforms' entries out of the lock file, and
// `npm ci` refuses such a lock file as "out of sync". `--no-save` keeps the lock file (and
// package.json) exactly as committed: a fresh clone stays clean after the README commands,
// whatever npm version or registry settings the machine has.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const lock = 'package-lock.json';
// The Node that installed node_modules: another Node (before the project moved to the one in
// .node-version) may have skipped packages whose engines it does not meet.
const installedBy = 'node_modules/.strata-node-version';
const stale =
  !existsSync(marker) ||
  statSync(marker).mtimeMs < statSync(lock).mtimeMs ||
  !existsSync(installedBy) ||
  readFileSync(installedBy, 'utf8') !== process.version;
if (stale) {
  console.log(`Installing npm dependencies (Node ${process.version})...`);
  execSync('npm install --no-save --no-audit --no-fund', { stdio: 'inherit' });
  // Installed by another Node: native modules built then (node-pty) would not load in this one.
  if (existsSync(installedBy) && readFileSync(installedBy, 'utf8') !== process.version)
    execSync('npm rebuild', { stdio: 'inherit' });
  writeFileSync(installedBy, process.version);
}
