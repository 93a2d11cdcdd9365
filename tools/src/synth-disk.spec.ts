import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';

/**
 * `npm run synth` (the platform app) writing to a full disk and to a read-only file system,
 * as real processes: the output directory is a small tmpfs mounted in a user and mount
 * namespace of the test's own (`unshare`, no root needed), holding a previous synth's
 * manifest. The run fails with a message that says why, and the previous output is exactly
 * as it was, with nothing left beside it.
 */
const root = findWorkspaceRoot(__dirname);
const platformMain = join(root, 'dist', 'apps', 'platform', 'main.js');
const PREVIOUS = '{"previous":true}';

interface Outcome {
  readonly status: number;
  readonly stderr: string;
  /** The previous manifest after the run, and every entry of the output directory. */
  readonly manifest: string;
  readonly entries: string[];
}

/** Runs synth into a fresh tmpfs of `sizeKib`, read-only after the previous output if asked. */
function synthOnTmpfs(sizeKib: number, readOnly: boolean): Outcome {
  const out = join(mkdtempSync(join(tmpdir(), 'strata-disk-')), 'out');
  mkdirSync(out);
  const script = [
    'set -u',
    `mount -t tmpfs -o size=${sizeKib}k tmpfs "$OUT"`,
    'mkdir "$OUT/network"',
    `printf '%s' '${PREVIOUS}' > "$OUT/network/manifest.json"`,
    ...(readOnly ? ['mount -o remount,ro "$OUT"'] : []),
    '"$NODE" "$MAIN" 2>"$OUT.stderr"',
    'echo "status=$?"',
    'echo "manifest=$(cat "$OUT/network/manifest.json")"',
    'echo "entries=$(ls -A "$OUT" | tr "\\n" " ")"',
  ].join('\n');
  const run = spawnSync('unshare', ['-r', '-m', 'sh', '-c', script], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      OUT: out,
      NODE: process.execPath,
      MAIN: platformMain,
      CDKTF_OUTDIR: out,
    },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`unshare: ${run.stderr || run.error?.message}`);
  const field = (name: string) =>
    new RegExp(`^${name}=(.*)$`, 'm').exec(run.stdout)?.[1]?.trim() ?? '';
  return {
    status: Number(field('status')),
    stderr: spawnSync('cat', [`${out}.stderr`], { encoding: 'utf8' }).stdout,
    manifest: field('manifest'),
    entries: field('entries').split(' ').filter(Boolean),
  };
}

describe('synth when the output cannot be written', () => {
  it('a full disk: fails saying so, the previous output stays whole, nothing is left', () => {
    const outcome = synthOnTmpfs(512, false);
    expect(outcome.status).not.toBe(0);
    expect(outcome.stderr).toMatch(/ENOSPC|no space left/i);
    expect(outcome.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(outcome.manifest).toBe(PREVIOUS);
    expect(outcome.entries).toEqual(['network']);
  });

  it('a read-only file system: fails saying so, the previous output stays whole', () => {
    const outcome = synthOnTmpfs(512, true);
    expect(outcome.status).not.toBe(0);
    expect(outcome.stderr).toMatch(/EROFS|read-only file system/i);
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
    expect(outcome.manifest).toBe(PREVIOUS);
    expect(outcome.entries).toEqual(['network']);
  });
});
