import { join } from 'node:path';
import { loadEnvironments } from '@strata/config';
import { resolveChartArchive } from '@strata/core';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { KubeTools } from '../validate/toolchain';
import { Manifest } from './crd-schemas';
import { HelmReleaseSpec, helmReleases } from './helm-releases';
import { renderRelease } from './render';

/** The production add-ons stack as the cluster app synthesizes it, and a renderer of its releases. */
export interface ProdAddons {
  /** The stack's directory (its `cdk.tf.json`). */
  readonly stackDir: string;
  /** Its Helm releases, with exactly the values it passes. */
  readonly releases: readonly HelmReleaseSpec[];
  /** Renders one release with its real chart (upstream or the project's own): what would run. */
  render(name: string): Manifest[];
}

/**
 * Synthesizes the compiled cluster app for prod into `work` and returns the primary region's
 * add-ons stack, whose releases `render` renders with helm at the cluster's Kubernetes version.
 */
export function prodAddons(root: string, work: string, kubeTools: KubeTools): ProdAddons {
  const outdir = join(work, 'cdktf.out');
  const synth = synthCompiledApp(root, 'cluster', outdir, { STRATA_ENV: 'prod' });
  if (synth.status !== 0) throw new Error(synth.stderr);
  const stack = synthesizedStacks(root, 'cluster', outdir).find(
    (candidate) => candidate.stack === 'addons-prod-us-east-1',
  );
  if (!stack) throw new Error('no addons-prod-us-east-1');
  const kubernetesVersion = loadEnvironments().find((env) => env.name === 'prod')?.cluster
    ?.kubernetesVersion;
  if (!kubernetesVersion) throw new Error('environments/prod.yaml has no cluster');
  const releases = helmReleases(stack.stack, stack.stackDir, join(root, 'charts'));
  return {
    stackDir: stack.stackDir,
    releases,
    render(name) {
      const spec = releases.find((release) => release.release === name);
      if (!spec) throw new Error(`no release ${name}`);
      return renderRelease({
        helm: kubeTools.helm,
        release: spec.release,
        chart:
          spec.chart.kind === 'bundled'
            ? spec.chart.dir
            : resolveChartArchive(spec.chart, kubeTools.helm).path,
        namespace: spec.namespace,
        values: spec.values,
        kubernetesVersion,
        apiVersions: [],
        workDir: work,
      }).objects.map((object) => object.manifest);
    },
  };
}
