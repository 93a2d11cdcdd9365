/** The typed environment model: what one `environments/<name>.yaml` file describes. */
import { EnvironmentTier } from './environment-enums';
import type { EnvironmentModel } from './model/schema';

export * from './environment-enums';

/** One region of an environment: its name and VPC range. */
export type RegionConfig = EnvironmentModel['regions']['primary'];
/** The environment file's `network` section (see the environment file reference). */
export type NetworkSettings = EnvironmentModel['network'];
/** The `budget` section: the monthly amount and who is told. */
export type BudgetSettings = EnvironmentModel['budget'];
/** The `emulator` section: where the local environment's AWS emulator listens. */
export type EmulatorSettings = NonNullable<EnvironmentModel['emulator']>;
/** The `cluster` section, present when the cluster layer is on. */
// `& object` changes nothing for the compiler; it keeps the alias on the type, so the API
// reference shows `ClusterSettings` where a function returns it rather than its 70 fields again
// (NonNullable's result carries zod's inner alias, which TypeDoc expands).
export type ClusterSettings = NonNullable<EnvironmentModel['cluster']> & object;
/** The `cluster.nodeGroups.system` section: the managed node group. */
export type NodeGroupSettings = ClusterSettings['nodeGroups']['system'];
/** The `cluster.gitops` section: the repository Argo CD syncs. */
export type GitOpsSettings = ClusterSettings['gitops'];
/** The `cluster.gitops.sso` section: Argo CD's sign-in. */
export type ArgoCdSsoSettings = NonNullable<GitOpsSettings['sso']>;
/** The `cluster.monitoring` section: Prometheus retention and alert routes. */
export type MonitoringSettings = ClusterSettings['monitoring'];
/** One Alertmanager route: alerts matching every matcher go to the webhook. */
export type AlertRoute = MonitoringSettings['alertRoutes'][number];
/** The `cluster.monitoring.sso` section: Grafana's sign-in. */
export type GrafanaSsoSettings = NonNullable<MonitoringSettings['sso']>;
/** The `data` section: the data stores' sizes and switches. */
export type DataSettings = EnvironmentModel['data'];
/** A DynamoDB capacity range (`min`, `max`) autoscaling keeps within. */
export type CapacityRange = DataSettings['dynamodb']['readCapacity'];
/** The `observability` section: alarms, notifications, tracing. */
export type ObservabilitySettings = EnvironmentModel['observability'];
/** The `observability.notifications` section: where alarms go. */
export type NotificationEndpoints = ObservabilitySettings['notifications'];
/** The `edge` section: DNS, the load balancer and the WAF. */
export type EdgeSettings = EnvironmentModel['edge'];

/**
 * An environment as the apps use it: the model with every default filled, plus where it was
 * read from and its regions as a list (primary first).
 */
export type EnvironmentConfig = Omit<EnvironmentModel, 'regions'> & {
  /** Path of the file this environment was loaded from (for error messages and tests). */
  readonly sourceFile: string;
  /** The primary region (`regions.primary`). */
  readonly primaryRegion: RegionConfig;
  /** The secondary region, where the environment has one. */
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

/** Whether the environment is of the production tier. */
export function isProduction(env: Pick<EnvironmentConfig, 'tier'>): boolean {
  return env.tier === EnvironmentTier.PRODUCTION;
}

/** Whether `env` replicates its data layer into the secondary region. */
export function replicatesData(env: EnvironmentConfig): boolean {
  return env.data.replication && !!env.secondaryRegion;
}

/**
 * Whether the primary edge stack creates (and signs with DNSSEC) the environment's hosted
 * zone; a zone named by `edge.hostedZoneId` is someone else's, signed or not.
 */
export function ownsHostedZone(env: Pick<EnvironmentConfig, 'edge'>): boolean {
  return env.edge.hostedZoneId === undefined;
}
