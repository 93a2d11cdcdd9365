import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS } from '@strata/config';

/**
 * `npm run synth` (the platform app) as real processes: two at once, interrupted by SIGINT
 * and SIGTERM at different moments, after a killed run, and against a lock a live process
 * holds. Whatever happens, each layer's output is whole (the previous or the new one) and
 * nothing is left beside it.
 */
const root = findWorkspaceRoot(__dirname);
const platformMain = join(root, 'dist', 'apps', 'platform', 'main.js');

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function synth(
  outRoot: string,
  options: {
    interrupt?: { signal: NodeJS.Signals; afterMs: number };
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [platformMain], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outRoot, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = options.interrupt
      ? setTimeout(() => child.kill(options.interrupt?.signal), options.interrupt.afterMs)
      : undefined;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Every layer is either absent or whole: its manifest's stacks all have their cdk.tf.json. */
function wholeLayers(outRoot: string): string[] {
  const problems: string[] = [];
  for (const layer of LAYERS) {
    const manifestFile = join(outRoot, layer, 'manifest.json');
    if (!existsSync(join(outRoot, layer))) continue;
    if (!existsSync(manifestFile)) {
      problems.push(`${layer}: no manifest`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      stacks: Record<string, { workingDirectory: string }>;
    };
    for (const [stack, { workingDirectory }] of Object.entries(manifest.stacks)) {
      if (!existsSync(join(outRoot, layer, workingDirectory, 'cdk.tf.json')))
        problems.push(`${layer}: ${stack} incomplete`);
    }
  }
  return problems;
}

/** What a run may never leave beside the outputs. */
const leftovers = (outRoot: string) =>
  readdirSync(outRoot).filter((entry) => /\.(staging|old)-\d+$|\.lock$/.test(entry));

const marker = (outRoot: string) => readFileSync(join(outRoot, 'network', 'manifest.json'), 'utf8');

describe('npm run synth under concurrency and signals (real processes)', () => {
  let baseline: string;

  beforeAll(async () => {
    baseline = mkdtempSync(join(tmpdir(), 'strata-synth-baseline-'));
    const run = await synth(baseline);
    expect([run.code, run.stderr]).toEqual([0, '']);
  }, 120_000);

  const previousOutput = () => {
    const outRoot = mkdtempSync(join(tmpdir(), 'strata-synth-'));
    cpSync(baseline, outRoot, { recursive: true });
    return outRoot;
  };

  it('two runs at once both succeed, one after the other, and leave one whole output', async () => {
    const outRoot = previousOutput();
    const [first, second] = await Promise.all([synth(outRoot), synth(outRoot)]);
    expect([first.code, first.stderr, second.code, second.stderr]).toEqual([0, '', 0, '']);
    expect(wholeLayers(outRoot)).toEqual([]);
    expect(readdirSync(outRoot).sort()).toEqual([...LAYERS].sort());
  }, 180_000);

  const trials: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 50],
    ['SIGTERM', 300],
    ['SIGINT', 700],
    ['SIGTERM', 1200],
    ['SIGINT', 2000],
    ['SIGTERM', 3500],
  ];
  it.each(trials)(
    '%s after %i ms: whole output (the previous or the new), nothing left beside it, a true message',
    async (signal, afterMs) => {
      const outRoot = previousOutput();
      const before = marker(outRoot);
      const run = await synth(outRoot, { interrupt: { signal, afterMs } });
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(leftovers(outRoot)).toEqual([]);
      expect(wholeLayers(outRoot)).toEqual([]);
      if (run.code === 0) {
        // It finished before the signal.
        expect(run.stderr).toBe('');
      } else if (run.stderr === '') {
        // Killed while Node was still starting, before the synth began: nothing was touched.
        expect(run.signal).toBe(signal);
        expect(marker(outRoot)).toBe(before);
      } else {
        expect(run.signal).toBe(signal);
        expect(run.stderr).toMatch(
          /synth interrupted \(SIG(INT|TERM)\); (nothing was written|the complete output was already in place)/,
        );
        if (run.stderr.includes('nothing was written')) expect(marker(outRoot)).toBe(before);
      }
    },
    120_000,
  );

  it('removes what a killed run left: staging and previous outputs, and its lock', async () => {
    const outRoot = previousOutput();
    const dead = 2 ** 22 + 1; // above the kernel's default pid range: no process has it
    mkdirSync(join(outRoot, `network.staging-${dead}`));
    mkdirSync(join(outRoot, `data.old-${dead}`));
    mkdirSync(join(outRoot, 'cluster.lock'));
    writeFileSync(join(outRoot, 'cluster.lock', 'pid'), String(dead));
    const run = await synth(outRoot);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(leftovers(outRoot)).toEqual([]);
  }, 120_000);

  it("waits for a live synth's lock, then gives up naming the output and the holder", async () => {
    const outRoot = previousOutput();
    const before = marker(outRoot);
    mkdirSync(join(outRoot, 'state.lock'));
    writeFileSync(join(outRoot, 'state.lock', 'pid'), String(process.pid));
    const run = await synth(outRoot, { env: { STRATA_SYNTH_LOCK_TIMEOUT_MS: '500' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${join(outRoot, 'state')} is being written by another synth (process ${process.pid})`,
    );
    expect(run.stderr).toContain('nothing was written');
    expect(marker(outRoot)).toBe(before);
    // Its own locks are released; the live holder's stays.
    expect(leftovers(outRoot)).toEqual(['state.lock']);
  }, 120_000);
});
