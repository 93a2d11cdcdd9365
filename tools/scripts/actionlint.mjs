// Checks .github with the toolchain's workflow tools: actionlint (Go module proxy) lints the
// workflows; zizmor (PyPI) audits workflows and composite actions for security findings
// (unpinned actions, template injection, excessive permissions, ...), and any of high
// severity fails. Its offline mode: no GitHub API is reachable from the test machine.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const dir = process.env.STRATA_TOOLCHAIN_DIR ?? join(homedir(), '.cache', 'strata', 'toolchain');
const manifest = JSON.parse(readFileSync(join(dir, 'toolchain.json'), 'utf8'));
if (!manifest.actionlint || !manifest.zizmor) {
  console.error('no actionlint or zizmor in the toolchain: run "node tools/toolchain/install.mjs"');
  process.exit(1);
}
let failed = false;
try {
  execFileSync(manifest.actionlint.path, ['-no-color'], { stdio: 'inherit' });
  console.log(`actionlint ${manifest.actionlint.version}: .github/workflows clean`);
} catch {
  failed = true;
}
try {
  execFileSync(
    manifest.zizmor.path,
    ['--offline', '--no-progress', '--min-severity', 'high', '--format', 'plain', '.'],
    { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } },
  );
  console.log(`zizmor ${manifest.zizmor.version}: no high finding in .github`);
} catch {
  failed = true;
}
if (failed) process.exit(1);
