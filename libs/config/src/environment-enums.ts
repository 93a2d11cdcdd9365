/** The closed sets the environment model chooses from; the schema and the apps import them. */
import { NatStrategy, RoutingPolicy } from '@strata/constructs/vocabulary';

export { NatStrategy, RoutingPolicy };

/** Every layer of the platform, in deployment order. */
// Edge comes before observability: the observability layer alarms on the edge's load
// balancers and health checks, so it reads the edge contract.
export const LAYERS = ['state', 'network', 'cluster', 'data', 'edge', 'observability'] as const;
/** One of `LAYERS`. */
export type LayerName = (typeof LAYERS)[number];

/** The layers whose contracts each layer reads; they must be deployed (and switched on) first. */
export const LAYER_READS: Readonly<Record<LayerName, readonly LayerName[]>> = {
  state: [],
  network: ['state'],
  // The add-ons stack grants the components the data layer's stores and tells them where they are.
  cluster: ['state', 'network', 'data'],
  data: ['state', 'network'],
  edge: ['state', 'network', 'cluster', 'data'],
  observability: ['state', 'network', 'cluster', 'data', 'edge'],
};

/** Production tier switches on the high-availability rules (3 AZs, two regions, NAT per AZ). */
export enum EnvironmentTier {
  /** Development: one region, the fewest resources. */
  DEVELOPMENT = 'development',
  /** Staging: production's shape at a smaller size, where changes are proven. */
  STAGING = 'staging',
  /** Production: the high-availability rules apply. */
  PRODUCTION = 'production',
}

/** How a DynamoDB table pays for throughput. */
export enum TableBilling {
  /** Pay per request: no capacity to manage, the right default for spiky or small tables. */
  ON_DEMAND = 'on-demand',
  /** Provisioned capacity that autoscaling keeps at 70 % utilisation between min and max. */
  PROVISIONED = 'provisioned',
}

/** The managed node groups every cluster has: one, for Karpenter and the system pods. */
export const NODE_GROUP_ROLES = ['system'] as const;
/** One of `NODE_GROUP_ROLES`. */
export type NodeGroupRole = (typeof NODE_GROUP_ROLES)[number];

/** The Karpenter NodePools every cluster has: on-demand `general` and tainted `spot`. */
export const NODE_POOLS = ['general', 'spot'] as const;
/** One of `NODE_POOLS`. */
export type NodePoolName = (typeof NODE_POOLS)[number];

/** CPU architectures a NodePool may launch (Kubernetes' `kubernetes.io/arch` values). */
export const CPU_ARCHITECTURES = ['amd64', 'arm64'] as const;

/** EC2 instance categories worth running a platform on: compute, general, memory, burstable. */
export const INSTANCE_CATEGORIES = ['c', 'm', 'r', 't'] as const;

/** An EC2 instance family: category letters, generation, attribute letters (`m7i`, `c7gn`, `m7i-flex`). */
export const INSTANCE_FAMILY = /^[a-z]+\d+[a-z]*(-flex)?$/;

/** Graviton families carry a `g` among the attribute letters after the generation (`m7g`, `c7gn`). */
export function familyArchitecture(family: string): (typeof CPU_ARCHITECTURES)[number] {
  return /^[a-z]+\d+[a-z]*g[a-z]*(-flex)?$/.test(family) ? 'arm64' : 'amd64';
}
