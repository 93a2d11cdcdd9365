/**
 * Synth benchmark, in one run: every layer app compiled (how Nx runs it) beside the default
 * cdktf way (ts-node with type-checking); all layers at once through the platform app; the
 * cdktf CLI and Nx paths into one layer; and the top costs of a CPU profile. Prints the
 * Performance page's tables (docs/performance.md), writes them to dist/bench/report.json, and
 * with `--readme` records the report in tools/benchmark.json and regenerates the page from it.
 *
 *   npm run bench                    # BENCH_RUNS=5 npm run bench for more runs
 *   npm run bench -- --readme
 *   node dist/tools/benchmark.js --readme --from dist/bench/report.json   # a saved run
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { synthThreads } from '@strata/core';
import { measure, Measurement, medianOf } from './bench/measure';
import { topCosts } from './bench/profile';
import { BenchReport, PERFORMANCE_PAGE, renderReport, withBenchSection } from './bench/report';
import { formatLikeTheRepository } from './bench/readme';
import { layerApps } from './layer-apps';
import { packageBin } from './bench/package-bin';

const root = findWorkspaceRoot(__dirname);
const peakRssPreload = join(root, 'tools', 'scripts', 'report-peak-rss.cjs');
const pathsPreload = join(root, 'tools', 'scripts', 'register-strata-paths.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** The layer whose CLI paths are measured. */
const CLI_LAYER = 'network';

const apps = layerApps(root);
const bundle = (app: string) => join(root, 'dist', 'apps', app, 'main.js');

const node = (args: string[], outdirOf: (scratch: string) => string, env = {}) =>
  measure(process.execPath, () => args, {
    cwd: root,
    env,
    peakRssPreload,
    scratchEnv: (scratch) => ({ CDKTF_OUTDIR: outdirOf(scratch) }),
  });

const compiled = (app: string) => node([bundle(app)], (scratch) => join(scratch, 'cdktf.out'));
const tsNode = (app: string) =>
  node(
    ['-r', 'ts-node/register', '-r', pathsPreload, join('apps', app, 'src', 'main.ts')],
    (scratch) => join(scratch, 'cdktf.out'),
    { TS_NODE_PROJECT: join('apps', app, 'tsconfig.json') },
  );
const platform = () => node([bundle('platform')], (scratch) => scratch);

/** The layer apps started together, as an uncached `nx run-many -t synth` starts them. */
async function appsInParallel(): Promise<Measurement> {
  const started = process.hrtime.bigint();
  await Promise.all(apps.map(compiled));
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, peakRssMb: 0 };
}

function stackCount(app: string): number {
  const outdir = join(mkdtempSync(join(tmpdir(), 'strata-bench-count-')), 'cdktf.out');
  spawnSync(process.execPath, [bundle(app)], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
  });
  return readdirSync(join(outdir, 'stacks')).length;
}

/** `cdktf synth` of one layer through the root cdktf.json, as a user runs it. */
const cdktfSynth = () =>
  measure(
    process.execPath,
    (scratch) => [
      packageBin(root, 'cdktf-cli', 'cdktf'),
      'synth',
      '--output',
      join(scratch, 'cdktf.out'),
    ],
    { cwd: root, env: { STRATA_LAYER: CLI_LAYER, CHECKPOINT_DISABLE: '1' } },
  );

/** `nx run <layer>:diff` up to the cdktf call (STRATA_CDKTF_PRINT stops it there). */
const nxDiff = () =>
  measure(
    process.execPath,
    () => [
      packageBin(root, 'nx', 'nx'),
      'run',
      `${CLI_LAYER}:diff`,
      '--environment=dev',
      '--region=us-east-1',
    ],
    { cwd: root, env: { STRATA_CDKTF_PRINT: '1', NX_DAEMON: 'false' } },
  );

function profilePlatform(): BenchReport['profile'] {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-profile-'));
  const run = spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', join(scratch, 'profile'), bundle('platform')],
    { cwd: root, env: { ...process.env, CDKTF_OUTDIR: join(scratch, 'out') }, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`profiling the platform app failed: ${run.stderr}`);
  return topCosts(join(scratch, 'profile'), root);
}

/** Measures everything the report holds, on this machine, now. */
async function measureAll(): Promise<BenchReport> {
  for (const app of [...apps, 'platform']) {
    if (!existsSync(bundle(app))) {
      throw new Error(`${bundle(app)} is missing: run "npx nx run-many -t build" first`);
    }
  }
  // The diff target's synth comes from the Nx cache, as it does for anyone deploying.
  spawnSync(process.execPath, [packageBin(root, 'nx', 'nx'), 'run', `${CLI_LAYER}:synth`], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  const report: BenchReport = {
    machine: {
      platform: `${process.platform}/${process.arch}`,
      cores: availableParallelism(),
      node: process.version,
    },
    date: new Date().toISOString().slice(0, 10),
    runs,
    apps: [],
    allLayers: {
      stacks: 0,
      threads: synthThreads(apps.length),
      wallMs: 0,
      peakRssMb: 0,
      appsInParallelWallMs: 0,
    },
    cliPath: { layer: CLI_LAYER, compiledAppMs: 0, cdktfSynthMs: 0, nxDiffMs: 0 },
    profile: [],
  };
  const rows: Array<BenchReport['apps'][number]> = [];
  for (const app of apps) {
    const fast = await medianOf(runs, () => compiled(app));
    const slow = await medianOf(runs, () => tsNode(app));
    rows.push({
      app,
      stacks: stackCount(app),
      wallMs: fast.wallMs,
      peakRssMb: fast.peakRssMb,
      tsNodeWallMs: slow.wallMs,
      tsNodePeakRssMb: slow.peakRssMb,
    });
    process.stderr.write(`measured ${app}\n`);
  }
  const all = await medianOf(runs, platform);
  const parallel = await medianOf(runs, appsInParallel);
  const finished: BenchReport = {
    ...report,
    apps: rows,
    allLayers: {
      ...report.allLayers,
      stacks: rows.reduce((sum, app) => sum + app.stacks, 0),
      wallMs: all.wallMs,
      peakRssMb: all.peakRssMb,
      appsInParallelWallMs: parallel.wallMs,
    },
    cliPath: {
      layer: CLI_LAYER,
      compiledAppMs: rows.find((app) => app.app === CLI_LAYER)?.wallMs ?? 0,
      cdktfSynthMs: (await medianOf(runs, cdktfSynth)).wallMs,
      nxDiffMs: (await medianOf(runs, nxDiff)).wallMs,
    },
    profile: profilePlatform(),
  };
  return finished;
}

async function main(): Promise<void> {
  // `--from <report.json>` renders a saved run instead of measuring again.
  const from = process.argv.indexOf('--from');
  const finished =
    from === -1
      ? await measureAll()
      : (JSON.parse(readFileSync(process.argv[from + 1], 'utf8')) as BenchReport);
  const rendered = renderReport(finished);
  console.log(rendered);
  mkdirSync(join(root, 'dist', 'bench'), { recursive: true });
  writeFileSync(
    join(root, 'dist', 'bench', 'report.json'),
    `${JSON.stringify(finished, null, 2)}\n`,
  );
  if (process.argv.includes('--readme')) {
    const recorded = join(root, 'tools', 'benchmark.json');
    writeFileSync(recorded, formatLikeTheRepository(root, recorded, JSON.stringify(finished)));
    const readme = join(root, PERFORMANCE_PAGE);
    writeFileSync(
      readme,
      formatLikeTheRepository(
        root,
        readme,
        withBenchSection(readFileSync(readme, 'utf8'), rendered),
      ),
    );
    console.log(`${PERFORMANCE_PAGE} and tools/benchmark.json updated.`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
