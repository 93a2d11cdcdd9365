import { join, relative } from 'node:path';
import { EnvironmentConfig, githubRoleName, LAYER_READS, LAYERS, LayerName } from '@strata/config';
import { partitionOfRegion } from '@strata/constructs';
import { companionRank, stackEnvironment, synthesizedStacks } from '../synthesized-stacks';
import { AffectedLayers } from './affected-layers';

/** One stack to plan or apply in a workflow matrix. */
export interface StackJob {
  readonly layer: LayerName;
  readonly environment: string;
  readonly stack: string;
  /** Synthesized stack directory, relative to the workspace root. */
  readonly directory: string;
  /** Apply wave: a wave runs after every wave it reads (state 0, network 1, cluster and data 2, ...). */
  readonly wave: number;
  /** GitHub environment whose protection rules gate the apply (approval for prod). */
  readonly githubEnvironment: string;
  /** Region of the environment's state bucket and lock table (its primary region). */
  readonly stateRegion: string;
  /** Roles assumed through GitHub's OIDC provider; no long-lived keys. */
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
}

/** Wave of a layer: one more than the latest wave it reads. */
export function waveOf(layer: LayerName): number {
  const reads = LAYER_READS[layer];
  return reads.length === 0 ? 0 : 1 + Math.max(...reads.map(waveOf));
}

/** The roles the workflows assume in an environment's account (the state bootstrap creates them). */
export function githubRoleArn(env: EnvironmentConfig, purpose: 'plan' | 'apply'): string {
  const partition = partitionOfRegion(env.primaryRegion.name);
  return `arn:${partition}:iam::${env.accountId}:role/${githubRoleName(env, purpose)}`;
}

/**
 * The synthesized stacks of the affected layers and environments, in apply order: wave,
 * then the environments' promotion order (dev, staging, prod: a layer's prod stacks apply
 * only after its staging stacks, and the wave's first failure stops the rest), then the
 * environment's region order (the primary first). The emulator-only environment never
 * reaches a cloud workflow.
 */
export function stackJobs(
  /** The workspace root, for error messages. */
  root: string,
  /** dist/cdktf.out: one directory per layer app with its cdktf manifest. */
  synthRoot: string,
  affected: AffectedLayers,
  environments: readonly EnvironmentConfig[],
): StackJob[] {
  const cloud = environments.filter((env) => !env.emulator);
  const names = cloud.map((env) => env.name);
  const entries: Array<{
    job: StackJob;
    promotionOrder: number;
    regionRank: number;
    partRank: number;
  }> = [];
  for (const layer of LAYERS) {
    const envs = affected.get(layer);
    if (!envs) continue;
    for (const { stack, stackDir } of synthesizedStacks(root, layer, join(synthRoot, layer))) {
      const env = cloud.find((candidate) => candidate.name === stackEnvironment(stack, names));
      if (!env || !envs.has(env.name)) continue;
      const regionRank = env.regions.findIndex((region) => stack.endsWith(`-${region.name}`));
      entries.push({
        job: {
          layer,
          environment: env.name,
          stack,
          directory: join('dist', 'cdktf.out', layer, relative(join(synthRoot, layer), stackDir)),
          wave: waveOf(layer),
          githubEnvironment: env.name,
          stateRegion: env.primaryRegion.name,
          planRoleArn: githubRoleArn(env, 'plan'),
          applyRoleArn: githubRoleArn(env, 'apply'),
        },
        promotionOrder: env.delivery.promotionOrder,
        // Cross-region stacks (peering) go after both regions.
        regionRank: regionRank === -1 ? env.regions.length : regionRank,
        partRank: companionRank(layer, stack),
      });
    }
  }
  return entries
    .sort(
      (a, b) =>
        a.job.wave - b.job.wave ||
        LAYERS.indexOf(a.job.layer) - LAYERS.indexOf(b.job.layer) ||
        a.promotionOrder - b.promotionOrder ||
        a.job.environment.localeCompare(b.job.environment) ||
        a.regionRank - b.regionRank ||
        a.partRank - b.partRank,
    )
    .map((entry) => entry.job);
}
