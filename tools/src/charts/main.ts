/**
 * Checks the project's own Helm charts exactly as the synthesized stacks install them:
 * for every `addons-*` stack of the cluster app, each bundled chart (and the app-of-apps
 * values of the Argo CD root Application) is linted, rendered, validated against offline
 * Kubernetes and CRD schemas and scored. Writes dist/charts/<app>.json; exits 1 on any failure.
 *
 *   node dist/tools/charts/main.js [app]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { loadToolchain } from '../validate/toolchain';
import { synthesizedStacks } from '../synthesized-stacks';
import { checkChart, ChartCheckResult } from './check-chart';
import { chartRenderings } from './release-values';

const root = findWorkspaceRoot(__dirname);

function main(app: string): number {
  const { kubeTools } = loadToolchain();
  if (!kubeTools)
    throw new Error('the toolchain has no kube tools: run "node tools/toolchain/install.mjs"');
  const versionOf = new Map(
    loadEnvironments().flatMap((env) =>
      env.cluster ? [[env.name, env.cluster.kubernetesVersion]] : [],
    ),
  );
  const workDir = join(root, 'dist', 'charts', app);
  const results: ChartCheckResult[] = [];
  for (const { stack, stackDir } of synthesizedStacks(root, app)) {
    const environment = stack.split('-')[1];
    const kubernetesVersion = versionOf.get(environment);
    if (!kubernetesVersion) continue;
    for (const rendering of chartRenderings(stack, stackDir, join(root, 'charts'))) {
      const result = checkChart(rendering, kubeTools, kubernetesVersion, workDir);
      results.push(result);
      console.log(
        `${result.passed ? 'PASS' : 'FAIL'} ${stack}/${rendering.chart} (${result.manifests} manifests)`,
      );
      for (const failure of result.failures) console.log(failure.replace(/^/gm, '     '));
    }
  }
  if (results.length === 0) {
    console.log(`FAIL ${app}: no chart renderings found in dist/cdktf.out/${app}`);
    return 1;
  }
  mkdirSync(join(root, 'dist', 'charts'), { recursive: true });
  writeFileSync(
    join(root, 'dist', 'charts', `${app}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const failed = results.filter((result) => !result.passed).length;
  console.log(`${results.length - failed} chart renderings passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv[2] ?? 'cluster');
} catch (error) {
  console.error(`charts: ${(error as Error).message}`);
  process.exitCode = 1;
}
