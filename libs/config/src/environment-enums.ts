/** The closed sets the environment model chooses from; the schema and the apps import them. */

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

/** Production tier switches on the high-availability rules (3 AZs, two regions, NAT per AZ). */
export enum EnvironmentTier {
  DEVELOPMENT = 'development',
  STAGING = 'staging',
  PRODUCTION = 'production',
}

/** How private subnets reach the internet. */
export enum NatStrategy {
  /** One NAT gateway per availability zone: an AZ outage does not cut egress elsewhere. */
  PER_AZ = 'per-az',
  /** One NAT gateway for the whole VPC: cheaper, for non-production. */
  SINGLE = 'single',
  /** No NAT: private subnets reach AWS only through VPC endpoints. */
  NONE = 'none',
}

/** How a DynamoDB table pays for throughput. */
export enum TableBilling {
  /** Pay per request: no capacity to manage, the right default for spiky or small tables. */
  ON_DEMAND = 'on-demand',
  /** Provisioned capacity that autoscaling keeps at 70 % utilisation between min and max. */
  PROVISIONED = 'provisioned',
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

/** The managed node groups every cluster has; each gets its own launch template. */
export const NODE_GROUP_ROLES = ['system', 'general', 'spot'] as const;
export type NodeGroupRole = (typeof NODE_GROUP_ROLES)[number];
