import type { ProfileCost } from './profile';

/** What `npm run bench` measured: every figure of the README's Performance table. */
export interface BenchReport {
  readonly machine: { readonly platform: string; readonly cores: number; readonly node: string };
  readonly date: string;
  readonly runs: number;
  /** Each layer app on its own (as `nx run <layer>:synth` runs it), and the ts-node default. */
  readonly apps: ReadonlyArray<{
    readonly app: string;
    readonly stacks: number;
    readonly wallMs: number;
    readonly peakRssMb: number;
    readonly tsNodeWallMs: number;
    readonly tsNodePeakRssMb: number;
  }>;
  /** Every layer: the platform app (one process, `threads` threads) and the apps side by side. */
  readonly allLayers: {
    readonly stacks: number;
    readonly threads: number;
    readonly wallMs: number;
    readonly peakRssMb: number;
    readonly appsInParallelWallMs: number;
  };
  /** The ways into one layer's stacks from the cdktf CLI and Nx. */
  readonly cliPath: {
    readonly layer: string;
    readonly compiledAppMs: number;
    readonly cdktfSynthMs: number;
    readonly nxDiffMs: number;
  };
  readonly profile: readonly ProfileCost[];
}

/** The targets of issue 20, checked against a report. */
export const BENCH_TARGETS = { allLayersWallMs: 1500, peakRssMb: 300, tsNodeRatio: 20 } as const;

export function tsNodeTotalMs(report: BenchReport): number {
  return report.apps.reduce((sum, app) => sum + app.tsNodeWallMs, 0);
}

export function targetsMet(report: BenchReport): Record<keyof typeof BENCH_TARGETS, boolean> {
  const peak = Math.max(report.allLayers.peakRssMb, ...report.apps.map((app) => app.peakRssMb));
  return {
    allLayersWallMs: report.allLayers.wallMs < BENCH_TARGETS.allLayersWallMs,
    peakRssMb: peak < BENCH_TARGETS.peakRssMb,
    tsNodeRatio: tsNodeTotalMs(report) / report.allLayers.wallMs >= BENCH_TARGETS.tsNodeRatio,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mb = (value: number) => `${Math.round(value)} MB`;
const times = (value: number) => `${value.toFixed(1)}x`;
const row = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;

/** The report as the README's Performance tables (Markdown), also what the bench prints. */
export function renderReport(report: BenchReport): string {
  const all = report.allLayers;
  const tsNodeTotal = tsNodeTotalMs(report);
  const tsNodePeak = Math.max(...report.apps.map((app) => app.tsNodePeakRssMb));
  const met = targetsMet(report);
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const lines = [
    `Measured by \`npm run bench\` on ${report.machine.platform}, ${report.machine.cores} cores, Node ${report.machine.node}, ${report.date}; median of ${report.runs} runs.`,
    '',
    row(['synth', 'stacks', 'wall', 'peak RSS', 'ts-node wall', 'ts-node peak RSS', 'speed-up']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...report.apps.map((app) =>
      row([
        `${app.app} app`,
        app.stacks,
        seconds(app.wallMs),
        mb(app.peakRssMb),
        seconds(app.tsNodeWallMs),
        mb(app.tsNodePeakRssMb),
        times(app.tsNodeWallMs / app.wallMs),
      ]),
    ),
    row([
      `**all layers**: platform app, ${all.threads} threads`,
      all.stacks,
      `**${seconds(all.wallMs)}**`,
      mb(all.peakRssMb),
      `${seconds(tsNodeTotal)} (the apps in turn)`,
      mb(tsNodePeak),
      `**${times(tsNodeTotal / all.wallMs)}**`,
    ]),
    row([
      'all layers: the 6 apps at once (uncached `nx run-many -t synth`)',
      all.stacks,
      seconds(all.appsInParallelWallMs),
      '',
      '',
      '',
      '',
    ]),
    '',
    `Targets: all stacks < ${seconds(BENCH_TARGETS.allLayersWallMs)}: ${verdict(met.allLayersWallMs)}; peak RSS < ${BENCH_TARGETS.peakRssMb} MB: ${verdict(met.peakRssMb)}; >= ${BENCH_TARGETS.tsNodeRatio}x the ts-node default: ${verdict(met.tsNodeRatio)}.`,
    '',
    row([`the ${report.cliPath.layer} layer's stacks, by way of`, 'wall']),
    row(['---', '---:']),
    row([
      `\`node dist/apps/${report.cliPath.layer}/main.js\` (the Nx synth target)`,
      seconds(report.cliPath.compiledAppMs),
    ]),
    row([
      `\`STRATA_LAYER=${report.cliPath.layer} cdktf synth\` (the cdktf CLI runs the same bundle)`,
      seconds(report.cliPath.cdktfSynthMs),
    ]),
    row([
      `\`nx run ${report.cliPath.layer}:diff\` up to the engine (synth from the Nx cache, \`--skip-synth\`)`,
      seconds(report.cliPath.nxDiffMs),
    ]),
    '',
    'Top costs of the platform app (self time, all threads; CPU profile):',
    '',
    row(['function', 'where', 'ms', 'share']),
    row(['---', '---', '---:', '---:']),
    ...report.profile.map((cost) =>
      row([
        `\`${cost.name}\``,
        `\`${cost.where}\``,
        Math.round(cost.ms),
        `${cost.percent.toFixed(1)} %`,
      ]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The documentation page the benchmark's tables are generated into. */
export const PERFORMANCE_PAGE = 'docs/performance.md';
export const README_BENCH_START = '<!-- benchmark:start (generated by npm run bench) -->';
export const README_BENCH_END = '<!-- benchmark:end -->';

/** `readme` with the text between the benchmark markers replaced by `rendered`. */
export function withBenchSection(readme: string, rendered: string): string {
  const start = readme.indexOf(README_BENCH_START);
  const end = readme.indexOf(README_BENCH_END);
  if (start === -1 || end < start) {
    throw new Error(
      `${PERFORMANCE_PAGE}: the Performance section needs the markers ${README_BENCH_START} and ${README_BENCH_END}`,
    );
  }
  return `${readme.slice(0, start + README_BENCH_START.length)}\n\n${rendered}\n${readme.slice(end)}`;
}
