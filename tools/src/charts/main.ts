/**
 * The add-on check: every Helm installation of every synthesized `addons-*` stack of the
 * cluster app, rendered against its real chart (from the chart mirror or the chart's own
 * repository) with exactly the synthesized values, then checked (see check-stack.ts). Prints
 * PASS/FAIL per release with its findings, writes dist/charts/<app>.json, exits 1 on any FAIL.
 *
 *   node dist/tools/charts/main.js [app]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { ADDON_CHECK_RULES } from '@strata/constructs/helm';
import { CHART_MIRROR_ENV } from '@strata/core';
import { loadToolchain } from '../validate/toolchain';
import { stackEnvironment, synthesizedStacks } from '../synthesized-stacks';
import { checkStack, ReleaseReport } from './check-stack';
import { edgeBindings } from './edge-bindings';

const root = findWorkspaceRoot(__dirname);

function main(app: string): number {
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
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv[2] ?? 'cluster');
} catch (error) {
  console.error(`charts: ${(error as Error).message}`);
  process.exitCode = 1;
}
