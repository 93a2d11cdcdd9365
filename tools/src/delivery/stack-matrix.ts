import { join, relative } from 'node:path';
import {
  EnvironmentConfig,
  githubRoleName,
  githubRunnerProjectName,
  LAYER_READS,
  LAYERS,
  LayerName,
  stateLocation,
} from '@strata/config';
import { partitionOfRegion } from '@strata/constructs';
import {
  companionRank,
  stackEnvironment,
  synthesizedStacks,
  talksToCluster,
} from '../synthesized-stacks';

/**
 * The layers the apply workflow delivers. The state layer is not among them: it creates the
 * bucket, lock and roles the workflows themselves use, so it is applied by the bootstrap
 * workflow (`bootstrap.yml`) with its state in its own bucket.
 */
export const DELIVERED_LAYERS: readonly LayerName[] = LAYERS.filter((layer) => layer !== 'state');

/** One stack to plan or apply in a workflow. */
export interface StackJob {
  readonly layer: LayerName;
  readonly environment: string;
  readonly stack: string;
  /** Synthesized stack directory, relative to the workspace root. */
  readonly directory: string;
  /** Apply wave: a wave runs after every wave it reads (state 0, network 1, data 2, ...). */
  readonly wave: number;
  /** GitHub environment whose protection rules gate the environment's apply (approval for prod). */
  readonly githubEnvironment: string;
  /**
   * Region of the environment's state: the primary's bucket and lock table, or the
   * secondary's replica while failed over (state.activeRegion). Credentials are taken there.
   */
  readonly stateRegion: string;
  /** Roles assumed through GitHub's OIDC provider; no long-lived keys. */
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
  /**
   * For a stack that talks to a cluster (kubernetes or helm provider): the CodeBuild project
   * of the environment's runner inside the VPC, which reaches the private API endpoint. Absent:
   * a GitHub-hosted runner will do (AWS APIs only).
   */
  readonly runnerProject?: string;
}

/** Wave of a layer: one more than the latest wave it reads. */
export function waveOf(layer: LayerName): number {
  const reads = LAYER_READS[layer];
  return reads.length === 0 ? 0 : 1 + Math.max(...reads.map(waveOf));
}

/** The roles the workflows assume in an environment's account (the state bootstrap creates them). */
export function githubRoleArn(env: EnvironmentConfig, purpose: 'plan'): string;
export function githubRoleArn(env: EnvironmentConfig, purpose: 'apply', layer: LayerName): string;
export function githubRoleArn(
  env: EnvironmentConfig,
  purpose: 'plan' | 'apply',
  layer?: LayerName,
): string {
  const partition = partitionOfRegion(env.primaryRegion.name);
  const name =
    purpose === 'apply' && layer
      ? githubRoleName(env, 'apply', layer)
      : githubRoleName(env, 'plan');
  return `arn:${partition}:iam::${env.accountId}:role/${name}`;
}

/** The cloud environments (not the emulator's) in promotion order: dev, staging, prod by default. */
export function promotionOrder(environments: readonly EnvironmentConfig[]): EnvironmentConfig[] {
  return environments
    .filter((env) => !env.emulator)
    .sort(
      (a, b) =>
        a.delivery.promotionOrder - b.delivery.promotionOrder || a.name.localeCompare(b.name),
    );
}

/**
 * Every synthesized stack of `layers` in the cloud environments, in delivery order:
 * environment by promotion order (every layer of dev before any of staging), then wave,
 * then the environment's region order (the primary first; peering after both regions),
 * then the layer's own stack before its companions (cluster before add-ons).
 */
export function stackJobs(
  /** The workspace root, for error messages. */
  root: string,
  /** dist/cdktf.out: one directory per layer app with its cdktf manifest. */
  synthRoot: string,
  environments: readonly EnvironmentConfig[],
  layers: readonly LayerName[] = DELIVERED_LAYERS,
): StackJob[] {
  const ordered = promotionOrder(environments);
  const names = ordered.map((env) => env.name);
  const entries: Array<{ job: StackJob; envRank: number; regionRank: number; partRank: number }> =
    [];
  for (const layer of layers) {
    for (const { stack, stackDir } of synthesizedStacks(root, layer, join(synthRoot, layer))) {
      const envRank = names.indexOf(stackEnvironment(stack, names) ?? '');
      if (envRank === -1) continue;
      const env = ordered[envRank];
      const regionRank = env.regions.findIndex((region) => stack.endsWith(`-${region.name}`));
      const state = stateLocation(env);
      // While the state is failed over the primary region is out: only the secondary
      // region's stacks can be planned or applied.
      if (state.region !== env.primaryRegion.name && !stack.endsWith(`-${state.region}`)) continue;
      const region = env.regions[regionRank]?.name ?? state.region;
      entries.push({
        job: {
          layer,
          environment: env.name,
          stack,
          directory: join('dist', 'cdktf.out', layer, relative(join(synthRoot, layer), stackDir)),
          wave: waveOf(layer),
          githubEnvironment: env.name,
          stateRegion: state.region,
          planRoleArn: githubRoleArn(env, 'plan'),
          applyRoleArn: githubRoleArn(env, 'apply', layer),
          ...(env.delivery.githubRepository && talksToCluster(stackDir)
            ? { runnerProject: githubRunnerProjectName(env, region) }
            : {}),
        },
        envRank,
        // Cross-region stacks (peering) go after both regions.
        regionRank: regionRank === -1 ? env.regions.length : regionRank,
        partRank: companionRank(layer, stack),
      });
    }
  }
  return entries
    .sort(
      (a, b) =>
        a.envRank - b.envRank ||
        a.job.wave - b.job.wave ||
        LAYERS.indexOf(a.job.layer) - LAYERS.indexOf(b.job.layer) ||
        a.regionRank - b.regionRank ||
        a.partRank - b.partRank,
    )
    .map((entry) => entry.job);
}
