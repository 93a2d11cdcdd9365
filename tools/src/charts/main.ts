/**
 * The add-on check: every Helm installation of every synthesized `addons-*` stack of the
 * cluster app, rendered against its real chart (from the chart mirror or the chart's own
 * repository) with exactly the synthesized values, then checked (see check-stack.ts). Prints
 * PASS/FAIL per release with its findings, writes dist/charts/<app>.json, exits 1 on any FAIL.
 * The add-on table (docs/cluster.md) states each release's result and the number of renderings: the
 * check fails when they differ from what it found, and `--readme` rewrites them.
 *
 *   node dist/tools/charts/main.js [app] [--readme]
 *   npx nx run cluster:charts -- --readme
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { ADDON_CHECK_RULES } from '@strata/constructs/helm';
import { CHART_MIRROR_ENV } from '@strata/core';
import { loadToolchain } from '../validate/toolchain';
import { stackEnvironment, synthesizedStacks } from '../synthesized-stacks';
import { formatLikeTheRepository } from '../bench/readme';
import { checkStack, ReleaseReport } from './check-stack';
import { edgeBindings } from './edge-bindings';
import { ADDON_TABLE_PAGE, withCheckResults } from './readme-results';

const root = findWorkspaceRoot(__dirname);

/**
 * Compares the add-on table with what the check found, or rewrites it. Only for the
 * repository's own environments, all of them: a run over some (`STRATA_ENV`) or other ones
 * (`STRATA_ENVIRONMENTS_DIR`) is not what the page describes.
 */
function readmeResults(reports: readonly ReleaseReport[], write: boolean): number {
  const scoped = ['STRATA_ENV', 'STRATA_ENVIRONMENTS_DIR'].filter((name) => process.env[name]);
  if (scoped.length > 0) {
    console.log(`${ADDON_TABLE_PAGE} not compared: ${scoped.join(' and ')} set`);
    return 0;
  }
  const file = join(root, ADDON_TABLE_PAGE);
  const current = readFileSync(file, 'utf8');
  const expected = formatLikeTheRepository(root, file, withCheckResults(current, reports));
  if (expected === current) {
    console.log(`${ADDON_TABLE_PAGE} add-on table: results as found`);
    return 0;
  }
  if (write) {
    writeFileSync(file, expected);
    console.log(`${ADDON_TABLE_PAGE} add-on table: results rewritten`);
    return 0;
  }
  console.log(
    `FAIL ${ADDON_TABLE_PAGE}: the add-on table's Check column or renderings count differs from what the check found; run "npx nx run cluster:charts -- --readme" to write them`,
  );
  return 1;
}

function main(app: string, writeReadme: boolean): number {
  const { kubeTools, admission } = loadToolchain();
  if (!kubeTools || !admission)
    throw new Error('the toolchain has no chart tools: run "node tools/toolchain/install.mjs"');
  const environments = loadEnvironments();
  const versionOf = new Map(
    environments.flatMap((env) => (env.cluster ? [[env.name, env.cluster.kubernetesVersion]] : [])),
  );
  const workDir = join(root, 'dist', 'charts', app);
  rmSync(workDir, { recursive: true, force: true });
  console.log(
    `charts from ${process.env[CHART_MIRROR_ENV] ? `${CHART_MIRROR_ENV}=${process.env[CHART_MIRROR_ENV]}` : 'their repositories (helm pull, cached in ~/.cache/strata/charts)'}`,
  );
  const reports: ReleaseReport[] = [];
  for (const { stack, stackDir } of synthesizedStacks(root, app)) {
    if (!stack.startsWith('addons-')) continue;
    const name = stackEnvironment(
      stack,
      environments.map((env) => env.name),
    );
    const environment = environments.find((env) => env.name === name);
    const kubernetesVersion = name && versionOf.get(name);
    if (!environment || !kubernetesVersion) continue;
    const edgeStack = stack.replace(/^addons-/, 'edge-');
    const edge = edgeBindings(root, edgeStack);
    if (environment.layers.edge && edge.length === 0) {
      throw new Error(
        `dist/cdktf.out/edge has no ${edgeStack} with a gateway binding: run "npx nx run edge:synth" first`,
      );
    }
    const started = Date.now();
    const stackReports = checkStack(stack, stackDir, {
      tools: kubeTools,
      admission: admission.path,
      kubernetesVersion,
      highAvailability: environment.cluster?.highAvailability ?? false,
      chartsDir: join(root, 'charts'),
      workDir,
      rules: ADDON_CHECK_RULES,
      edge,
    });
    for (const report of stackReports) {
      const counts = `${report.objects} objects, ${report.podTemplates} pod templates${report.injected ? ` (${report.injected} injected)` : ''}`;
      console.log(
        `${report.passed ? 'PASS' : 'FAIL'} ${stack}/${report.release} ${report.chart} (${counts})`,
      );
      for (const finding of report.findings) {
        console.log(`     [${finding.check}] ${finding.message.replace(/\n/g, '\n       ')}`);
      }
    }
    console.log(`     ${stack}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    reports.push(...stackReports);
  }
  if (reports.length === 0) {
    console.log(`FAIL ${app}: no addons stack found in dist/cdktf.out/${app}`);
    return 1;
  }
  mkdirSync(join(root, 'dist', 'charts'), { recursive: true });
  writeFileSync(
    join(root, 'dist', 'charts', `${app}.json`),
    `${JSON.stringify({ chartSource: process.env[CHART_MIRROR_ENV] ?? 'repositories', versions: { ...kubeTools.versions, admission: admission.version }, releases: reports }, null, 2)}\n`,
  );
  const failed = reports.filter((report) => !report.passed).length;
  console.log(`${reports.length - failed} releases passed, ${failed} failed`);
  const readme = app === 'cluster' ? readmeResults(reports, writeReadme) : 0;
  return failed === 0 && readme === 0 ? 0 : 1;
}

try {
  const args = process.argv.slice(2);
  process.exitCode = main(
    args.find((arg) => !arg.startsWith('--')) ?? 'cluster',
    args.includes('--readme'),
  );
} catch (error) {
  console.error(`charts: ${(error as Error).message}`);
  process.exitCode = 1;
}
