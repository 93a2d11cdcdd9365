/** The typed environment model: what one `environments/<name>.yaml` file describes. */
import { EnvironmentTier } from './environment-enums';
import type { EnvironmentModel } from './model/schema';

export * from './environment-enums';

/** One region of an environment: its name and VPC range. */
export type RegionConfig = EnvironmentModel['regions']['primary'];
export type NetworkSettings = EnvironmentModel['network'];
export type BudgetSettings = EnvironmentModel['budget'];
export type EmulatorSettings = NonNullable<EnvironmentModel['emulator']>;
export type ClusterSettings = NonNullable<EnvironmentModel['cluster']>;
export type NodeGroupSettings = ClusterSettings['nodeGroups']['system'];
export type GitOpsSettings = ClusterSettings['gitops'];
export type ArgoCdSsoSettings = NonNullable<GitOpsSettings['sso']>;
export type MonitoringSettings = ClusterSettings['monitoring'];
/** One Alertmanager route: alerts matching every matcher go to the webhook. */
export type AlertRoute = MonitoringSettings['alertRoutes'][number];
export type DataSettings = EnvironmentModel['data'];
export type CapacityRange = DataSettings['dynamodb']['readCapacity'];
export type ObservabilitySettings = EnvironmentModel['observability'];
export type NotificationEndpoints = ObservabilitySettings['notifications'];
export type EdgeSettings = EnvironmentModel['edge'];

/**
 * An environment as the apps use it: the model with every default filled, plus where it was
 * read from and its regions as a list (primary first).
 */
export type EnvironmentConfig = Omit<EnvironmentModel, 'regions'> & {
  /** Path of the file this environment was loaded from (for error messages and tests). */
  readonly sourceFile: string;
  readonly primaryRegion: RegionConfig;
  readonly secondaryRegion?: RegionConfig;
  /** Primary region first, then the secondary one when present. */
  readonly regions: readonly RegionConfig[];
};

/** The cluster settings of an environment whose cluster layer is on; throws naming the file otherwise. */
export function requireClusterSettings(env: EnvironmentConfig): ClusterSettings {
  if (!env.cluster) {
    throw new Error(
      `${env.sourceFile}: cluster: is required when the cluster layer is on [rule: cluster-config-present]`,
    );
  }
  return env.cluster;
}

/** Position of `region` in env.regions (0 = primary); throws naming the file if it is not one. */
export function regionIndexOf(env: EnvironmentConfig, region: string): number {
  const index = env.regions.findIndex((candidate) => candidate.name === region);
  if (index < 0) {
    throw new Error(`${env.sourceFile}: region ${region} is not one of the environment's regions`);
  }
  return index;
}

/** VPC CIDRs of the other regions that `region`'s network is peered with; none without peering. */
export function peerVpcCidrs(env: EnvironmentConfig, region: string): string[] {
  const index = regionIndexOf(env, region);
  return env.network.transitGatewayPeering
    ? env.regions.filter((_, other) => other !== index).map((peer) => peer.vpcCidr)
    : [];
}

export function isProduction(env: Pick<EnvironmentConfig, 'tier'>): boolean {
  return env.tier === EnvironmentTier.PRODUCTION;
}

/** Whether `env` replicates its data layer into the secondary region. */
export function replicatesData(env: EnvironmentConfig): boolean {
  return env.data.replication && !!env.secondaryRegion;
}
