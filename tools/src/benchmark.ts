/**
 * Synth benchmark: wall time and peak RSS of every layer app, compiled JavaScript (how
 * Strata runs it) beside the default cdktf way (ts-node with type-checking), in one run.
 *
 *   npm run bench            # builds the apps, then runs this
 *   BENCH_RUNS=5 npm run bench
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { layerApps } from './layer-apps';

const root = findWorkspaceRoot(__dirname);
const peakRssPreload = join(root, 'tools', 'scripts', 'report-peak-rss.cjs');
const pathsPreload = join(root, 'tools', 'scripts', 'register-strata-paths.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_WALL_MS = 2000;
const TARGET_RSS_MB = 300;

interface Measurement {
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly stacks: number;
}

const apps = layerApps(root);

function measure(args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const outdir = join(scratch, 'cdktf.out');
  const rssFile = join(scratch, 'peak-rss');
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', peakRssPreload, ...args], {
      cwd: root,
      env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, STRATA_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return fail(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      const stacks = readdirSync(join(outdir, 'stacks')).length;
      rmSync(scratch, { recursive: true, force: true });
      done({ wallMs, peakRssMb, stacks });
    });
  });
}

const compiled = (app: string) => measure([join('dist', 'apps', app, 'main.js')], {});
const tsNode = (app: string) =>
  measure(['-r', 'ts-node/register', '-r', pathsPreload, join('apps', app, 'src', 'main.ts')], {
    TS_NODE_PROJECT: join('apps', app, 'tsconfig.json'),
  });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function best(run: () => Promise<Measurement>, count: number): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < count; i++) results.push(await run());
  return {
    wallMs: median(results.map((result) => result.wallMs)),
    peakRssMb: Math.max(...results.map((result) => result.peakRssMb)),
    stacks: results[0].stacks,
  };
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const fixed = (value: number, digits = 0) => value.toFixed(digits);

async function main(): Promise<void> {
  for (const app of apps) {
    if (!existsSync(join(root, 'dist', 'apps', app, 'main.js'))) {
      throw new Error(`dist/apps/${app}/main.js is missing: run "npx nx run-many -t build" first`);
    }
  }
  console.log(
    `Synth benchmark on ${process.platform}/${process.arch}, node ${process.version}, median of ${runs} runs\n`,
  );
  console.log(
    row([
      'app',
      'stacks',
      'compiled wall ms',
      'compiled peak MB',
      'ts-node wall ms',
      'ts-node peak MB',
    ]),
  );
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:']));
  let sequentialMs = 0;
  let peakMb = 0;
  for (const app of apps) {
    const fast = await best(() => compiled(app), runs);
    const slow = await tsNode(app);
    sequentialMs += fast.wallMs;
    peakMb = Math.max(peakMb, fast.peakRssMb);
    console.log(
      row([
        app,
        fast.stacks,
        fixed(fast.wallMs),
        fixed(fast.peakRssMb),
        fixed(slow.wallMs),
        fixed(slow.peakRssMb),
      ]),
    );
  }
  const parallelStarted = process.hrtime.bigint();
  await Promise.all(apps.map(compiled));
  const parallelMs = Number(process.hrtime.bigint() - parallelStarted) / 1e6;

  console.log('');
  console.log(
    `All layer apps, compiled, one after another: ${fixed(sequentialMs)} ms; in parallel (as Nx runs them): ${fixed(parallelMs)} ms`,
  );
  console.log(`Largest peak RSS of one compiled app: ${fixed(peakMb)} MB`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `Target < ${TARGET_WALL_MS} ms wall for all stacks (sequential): ${verdict(sequentialMs < TARGET_WALL_MS)}`,
  );
  console.log(`Target < ${TARGET_RSS_MB} MB peak RSS: ${verdict(peakMb < TARGET_RSS_MB)}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
