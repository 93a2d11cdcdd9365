// Lints .github/workflows with the actionlint the toolchain installer built (Go module proxy).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const dir = process.env.STRATA_TOOLCHAIN_DIR ?? join(homedir(), '.cache', 'strata', 'toolchain');
const manifest = JSON.parse(readFileSync(join(dir, 'toolchain.json'), 'utf8'));
if (!manifest.actionlint) {
  console.error('no actionlint in the toolchain: run "node tools/toolchain/install.mjs"');
  process.exit(1);
}
try {
  execFileSync(manifest.actionlint.path, ['-no-color'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
console.log(`actionlint ${manifest.actionlint.version}: .github/workflows clean`);
