/** The typed environment model: what one `environments/<name>.yaml` file describes. */

/** Every layer of the platform, in deployment order. */
// Edge comes before observability: the observability layer alarms on the edge's load
// balancers and health checks, so it reads the edge contract.
export const LAYERS = ['state', 'network', 'cluster', 'data', 'edge', 'observability'] as const;
export type LayerName = (typeof LAYERS)[number];

/** The layers whose contracts each layer reads; they must be deployed (and switched on) first. */
export const LAYER_READS: Readonly<Record<LayerName, readonly LayerName[]>> = {
  state: [],
  network: ['state'],
  // The add-ons stack delivers the data layer's credentials (database, cache) to workloads.
  cluster: ['state', 'network', 'data'],
  data: ['state', 'network'],
  edge: ['state', 'network', 'cluster', 'data'],
  observability: ['state', 'network', 'cluster', 'data', 'edge'],
};

/** How private subnets reach the internet. */
export enum NatStrategy {
  /** One NAT gateway per availability zone: an AZ outage does not cut egress elsewhere. */
  PER_AZ = 'per-az',
  /** One NAT gateway for the whole VPC: cheaper, for non-production. */
  SINGLE = 'single',
  /** No NAT: private subnets reach AWS only through VPC endpoints. */
  NONE = 'none',
}

/** Production tier switches on the high-availability rules (3 AZs, two regions, NAT per AZ). */
export enum EnvironmentTier {
  DEVELOPMENT = 'development',
  STAGING = 'staging',
  PRODUCTION = 'production',
}

export interface RegionConfig {
  /** AWS region name, e.g. `us-east-1`. */
  readonly name: string;
  /** IPv4 CIDR of this region's VPC, a private range between /16 and /20. */
  readonly vpcCidr: string;
}

export interface NetworkSettings {
  /** Availability zones to spread subnets over. Production needs at least 3. */
  readonly azCount: number;
  /** @default NatStrategy.PER_AZ in production, NatStrategy.SINGLE otherwise */
  readonly natStrategy: NatStrategy;
  /** @default 30 */
  readonly flowLogRetentionDays: number;
  /** Interface endpoints for ECR, STS, SSM, CloudWatch Logs, KMS and Secrets Manager. @default true */
  readonly interfaceEndpoints: boolean;
  /** Transit gateway peering between the primary and secondary region. @default true in production */
  readonly transitGatewayPeering: boolean;
}

export interface BudgetSettings {
  /** Monthly cost budget in US dollars; alerts fire at 50, 80 and 100 %. */
  readonly monthlyLimitUsd: number;
  /** Who receives budget alerts. */
  readonly alertEmails: readonly string[];
}

/** Emulator endpoint for the `local` environment; every AWS call goes there instead. */
export interface EmulatorSettings {
  readonly endpoint: string;
}

export interface EnvironmentConfig {
  /** Environment name; equals the file name without extension. */
  readonly name: string;
  readonly tier: EnvironmentTier;
  /** Path of the file this environment was loaded from (for error messages and tests). */
  readonly sourceFile: string;
  /** 12-digit AWS account id; the provider refuses to act on any other account. */
  readonly accountId: string;
  /** Prefix of every resource name. @default 'strata' */
  readonly project: string;
  readonly costCentre: string;
  readonly primaryRegion: RegionConfig;
  readonly secondaryRegion?: RegionConfig;
  /** Primary region first, then the secondary one when present. */
  readonly regions: readonly RegionConfig[];
  readonly network: NetworkSettings;
  /** Public DNS domain the edge layer serves, e.g. `api.example.com`. */
  readonly dnsDomain: string;
  readonly budget: BudgetSettings;
  /** Extra tags on every resource, beside the ones Strata sets itself. */
  readonly tags: Readonly<Record<string, string>>;
  /** Per-layer feature switches: a disabled layer synthesizes no stacks for this environment. */
  readonly layers: Readonly<Record<LayerName, boolean>>;
  readonly emulator?: EmulatorSettings;
  /** EKS and in-cluster settings; required when the cluster layer is on. */
  readonly cluster?: ClusterSettings;
  /** Sizes, counts and retention of the data layer; every field has a per-tier default. */
  readonly data: DataSettings;
  /** Alarms, notifications, tracing, canaries and security services; per-tier defaults. */
  readonly observability: ObservabilitySettings;
  /** DNS, routing between regions, CDN and firewall; per-tier defaults. */
  readonly edge: EdgeSettings;
}

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

export function isProduction(env: EnvironmentConfig): boolean {
  return env.tier === EnvironmentTier.PRODUCTION;
}

/** The managed node groups every cluster has; each gets its own launch template. */
export const NODE_GROUP_ROLES = ['system', 'general', 'spot'] as const;
export type NodeGroupRole = (typeof NODE_GROUP_ROLES)[number];

export interface NodeGroupSettings {
  /** EC2 instance types; spot groups should list several of the same size for capacity. */
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  /** Root volume size in GiB (encrypted gp3). @default 50 */
  readonly diskSizeGib: number;
}

/** One Alertmanager route: alerts matching every matcher go to the webhook. */
export interface AlertRoute {
  /** Receiver name, unique within the environment, e.g. `platform-oncall`. */
  readonly receiver: string;
  /** Alertmanager matchers, e.g. `severity="critical"`. */
  readonly matchers: readonly string[];
  /** HTTPS endpoint of the incident tool (PagerDuty Events, Opsgenie, Slack bridge, ...). */
  readonly webhookUrl: string;
}

export interface MonitoringSettings {
  /** Prometheus retention in days. @default 30 in production, 7 otherwise */
  readonly retentionDays: number;
  /** Prometheus volume size in GiB. @default 200 in production, 50 otherwise */
  readonly storageGib: number;
  readonly alertRoutes: readonly AlertRoute[];
}

/**
 * Argo CD sign-in through the organisation's OpenID Connect provider. The client secret is
 * not in config: the add-ons stack creates an empty Secrets Manager secret for it, and
 * external-secrets delivers its value into Argo CD.
 */
export interface ArgoCdSsoSettings {
  /** OIDC issuer, e.g. `https://login.example.com`. */
  readonly issuerUrl: string;
  readonly clientId: string;
  /** IdP groups (the `groups` claim) that get Argo CD's admin role. */
  readonly adminGroups: readonly string[];
  /** IdP groups that get the read-only role. @default none */
  readonly readOnlyGroups: readonly string[];
}

export interface GitOpsSettings {
  /** Git repository Argo CD syncs from; it holds `charts/argocd-apps`. */
  readonly repoUrl: string;
  /** Branch, tag or commit. @default 'main' */
  readonly revision: string;
  /**
   * SSO for the Argo CD UI and CLI. @default none: nobody signs in to Argo CD's own UI; the
   * cluster admin role still operates it through the Kubernetes API (see the README's
   * break-glass path).
   */
  readonly sso?: ArgoCdSsoSettings;
}

export interface ClusterSettings {
  /** EKS Kubernetes minor version, e.g. `1.33`; it also selects the managed add-on versions. */
  readonly kubernetesVersion: string;
  /**
   * CIDRs allowed to reach a public API endpoint. Empty (the default) keeps the endpoint
   * private: reachable only from the VPC and its peers.
   */
  readonly publicAccessCidrs: readonly string[];
  /** Name of the IAM role in this account that gets cluster-admin through an access entry. */
  readonly adminRoleName: string;
  /** Retention of the control-plane log group. @default 90 in production, 30 otherwise */
  readonly controlPlaneLogRetentionDays: number;
  readonly nodeGroups: Readonly<Record<NodeGroupRole, NodeGroupSettings>>;
  readonly gitops: GitOpsSettings;
  readonly monitoring: MonitoringSettings;
}

/** How a DynamoDB table pays for throughput. */
export enum TableBilling {
  /** Pay per request: no capacity to manage, the right default for spiky or small tables. */
  ON_DEMAND = 'on-demand',
  /** Provisioned capacity that autoscaling keeps at 70 % utilisation between min and max. */
  PROVISIONED = 'provisioned',
}

export interface CapacityRange {
  readonly min: number;
  readonly max: number;
}

export interface AuroraSettings {
  /** Aurora PostgreSQL engine version, e.g. `16.6`; the major selects the parameter group family. */
  readonly engineVersion: string;
  readonly instanceClass: string;
  /** Instances per region: one writer (in the primary) plus readers, spread over the AZs. */
  readonly instancesPerRegion: number;
  /** Automated backup (point-in-time recovery) window in days, 1-35. @default 35 */
  readonly backupRetentionDays: number;
}

export interface DynamoDbSettings {
  /** @default TableBilling.ON_DEMAND */
  readonly billing: TableBilling;
  /** Read capacity units autoscaling may use (provisioned billing only). */
  readonly readCapacity: CapacityRange;
  /** Write capacity units autoscaling may use (provisioned billing only). */
  readonly writeCapacity: CapacityRange;
}

export interface DaxSettings {
  readonly nodeType: string;
  /** Nodes in the cluster; three or more spread over three AZs survive an AZ outage. */
  readonly nodes: number;
}

export interface RedisSettings {
  readonly nodeType: string;
  /** Cluster-mode shards (node groups). */
  readonly shards: number;
  /** Replicas per shard; at least one, so a primary failure fails over within the shard. */
  readonly replicasPerShard: number;
  /** Days of daily snapshots kept. */
  readonly snapshotRetentionDays: number;
}

export interface OpenSearchSettings {
  readonly instanceType: string;
  /** Data nodes; a multiple of the zones the domain spans (2 or 3). */
  readonly instanceCount: number;
  /** Dedicated master node type; three masters when set. @default one in production, none otherwise */
  readonly dedicatedMasterType?: string;
  /** gp3 volume per data node in GiB. */
  readonly volumeGib: number;
  /** IAM role in this account that is the fine-grained access control master user. */
  readonly masterRoleName: string;
}

export interface KafkaSettings {
  readonly brokerType: string;
  /** Brokers per availability zone; the cluster has brokersPerAz x AZs brokers. */
  readonly brokersPerAz: number;
  /** EBS volume per broker in GiB. */
  readonly volumeGib: number;
}

export interface DataSettings {
  /**
   * Replicate to the secondary region: Aurora global database, DynamoDB global table,
   * S3 cross-region replication and AWS Backup copies.
   * @default true in production with a secondary region
   */
  readonly replication: boolean;
  readonly aurora: AuroraSettings;
  readonly dynamodb: DynamoDbSettings;
  readonly dax: DaxSettings;
  readonly redis: RedisSettings;
  readonly openSearch: OpenSearchSettings;
  readonly kafka: KafkaSettings;
  /** Object Lock (compliance mode) retention of the audit log bucket, in days. @default 2555 (7 years) in production, 30 otherwise */
  readonly auditLogRetentionDays: number;
  /** Retention of AWS Backup recovery points (daily and copies), in days. @default 35 */
  readonly backupRetentionDays: number;
}

/** Whether `env` replicates its data layer into the secondary region. */
export function replicatesData(env: EnvironmentConfig): boolean {
  return env.data.replication && !!env.secondaryRegion;
}

/** How Route53 spreads the API host over the regions. */
export enum RoutingPolicy {
  /** All traffic to the primary; the secondary only while the primary's health check fails. */
  FAILOVER = 'failover',
  /** Each client to the region with the lowest latency, skipping unhealthy regions. */
  LATENCY = 'latency',
  /** Fixed shares per region (`edge.weights`), skipping unhealthy regions. */
  WEIGHTED = 'weighted',
}

export interface EdgeSettings {
  /**
   * An existing public hosted zone for `dnsDomain` (e.g. delegated by another team).
   * @default Strata creates the zone in the primary region's edge stack
   */
  readonly hostedZoneId?: string;
  /** @default RoutingPolicy.FAILOVER */
  readonly routing: RoutingPolicy;
  /** Share per region for RoutingPolicy.WEIGHTED, keyed `primary` and `secondary`. */
  readonly weights?: Readonly<{ primary: number; secondary?: number }>;
  /** HTTPS path Route53 health checks and the canaries request. @default '/healthz' */
  readonly healthCheckPath: string;
  /** Requests one client IP may send in 5 minutes before WAF blocks it. @default 2000 */
  readonly rateLimitPerFiveMinutes: number;
  /** ISO 3166 alpha-2 country codes WAF blocks outright. @default none */
  readonly blockedCountries: readonly string[];
  /** Shield Advanced protection of the zone, distribution and load balancers (the account must be subscribed). @default false */
  readonly shieldAdvanced: boolean;
  /** CloudFront price class. @default 'PriceClass_All' in production, 'PriceClass_100' otherwise */
  readonly priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
}

/** Who hears about alarms of one severity: email addresses and HTTPS webhooks. */
export interface NotificationEndpoints {
  readonly critical: readonly string[];
  readonly warning: readonly string[];
}

export interface ObservabilitySettings {
  /** Retention of the platform's CloudWatch log groups. @default 365 in production, 90 in staging, 30 otherwise */
  readonly logRetentionDays: number;
  /** @default both severities go to `budget.alertEmails` */
  readonly notifications: NotificationEndpoints;
  /** Minutes between synthetic checks of each API health endpoint. @default 1 in production, 5 otherwise */
  readonly canaryIntervalMinutes: number;
  /** Share of requests X-Ray traces beyond the first each second. @default 0.05 */
  readonly traceSampleRate: number;
  /**
   * GuardDuty, Security Hub, AWS Config and CloudTrail. Off only where the account already
   * gets them from an organisation-wide setup. @default true
   */
  readonly securityServices: boolean;
}
