import { AWS_REGIONS, isKnownRegion } from './aws-regions';
import { cidrsOverlap, isPrivateCidr, parseCidr } from './cidr';
import { EKS_RELEASES } from './eks-versions';
import {
  EnvironmentConfig,
  LAYER_READS,
  LAYERS,
  NODE_GROUP_ROLES,
  RoutingPolicy,
  NatStrategy,
  TableBilling,
  isProduction,
} from './environment';
import {
  CANARY_NAME_LIMIT,
  DAX_NAME_LIMIT,
  NAME_PREFIX_LIMIT,
  canaryName,
  daxClusterName,
  namePrefix,
} from './names';

/** A rule's finding before the loader adds file and line. */
export interface RuleFinding {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

type Rule = (env: EnvironmentConfig) => RuleFinding[];

const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 20;
const PRODUCTION_MIN_AZS = 3;
/** The widest network a public EKS endpoint may be opened to. */
const PUBLIC_ENDPOINT_PREFIX_MIN = 16;

function regionFields(env: EnvironmentConfig): Array<[string, EnvironmentConfig['primaryRegion']]> {
  const fields: Array<[string, EnvironmentConfig['primaryRegion']]> = [
    ['regions.primary', env.primaryRegion],
  ];
  if (env.secondaryRegion) fields.push(['regions.secondary', env.secondaryRegion]);
  return fields;
}

const fileNameMatches: Rule = (env) => {
  const base = env.sourceFile
    .split(/[\\/]/)
    .pop()
    ?.replace(/\.ya?ml$/, '');
  return base === env.name
    ? []
    : [
        {
          field: 'name',
          rule: 'name-matches-file',
          message: `is "${env.name}" but the file is named "${base}"`,
        },
      ];
};

const knownRegion: Rule = (env) =>
  regionFields(env)
    .filter(([, region]) => !isKnownRegion(region.name))
    .map(([field, region]) => ({
      field: `${field}.name`,
      rule: 'known-region',
      message: `"${region.name}" is not an AWS region Strata knows (see libs/config/src/aws-regions.ts)`,
    }));

const distinctRegions: Rule = (env) =>
  env.secondaryRegion && env.secondaryRegion.name === env.primaryRegion.name
    ? [
        {
          field: 'regions.secondary.name',
          rule: 'distinct-regions',
          message: `is the same region as regions.primary.name (${env.primaryRegion.name})`,
        },
      ]
    : [];

const vpcCidrShape: Rule = (env) =>
  regionFields(env).flatMap(([field, region]) => {
    const parsed = parseCidr(region.vpcCidr);
    const at = `${field}.vpcCidr`;
    if (typeof parsed === 'string') {
      return [{ field: at, rule: 'cidr-format', message: `"${region.vpcCidr}" ${parsed}` }];
    }
    const findings: RuleFinding[] = [];
    if (!isPrivateCidr(parsed)) {
      findings.push({
        field: at,
        rule: 'cidr-private',
        message: `${region.vpcCidr} is not inside an RFC 1918 private range (10/8, 172.16/12, 192.168/16)`,
      });
    }
    if (parsed.prefixLength < VPC_PREFIX_MIN || parsed.prefixLength > VPC_PREFIX_MAX) {
      findings.push({
        field: at,
        rule: 'cidr-size',
        message: `${region.vpcCidr} must be between /${VPC_PREFIX_MIN} and /${VPC_PREFIX_MAX} so every planned subnet is at least /26`,
      });
    }
    return findings;
  });

const peeredCidrsDisjoint: Rule = (env) => {
  if (!env.secondaryRegion) return [];
  const primary = parseCidr(env.primaryRegion.vpcCidr);
  const secondary = parseCidr(env.secondaryRegion.vpcCidr);
  if (typeof primary === 'string' || typeof secondary === 'string') return [];
  return cidrsOverlap(primary, secondary)
    ? [
        {
          field: 'regions.secondary.vpcCidr',
          rule: 'cidrs-disjoint',
          message: `${env.secondaryRegion.vpcCidr} overlaps regions.primary.vpcCidr ${env.primaryRegion.vpcCidr}; peered VPCs need disjoint ranges`,
        },
      ]
    : [];
};

const productionAvailabilityZones: Rule = (env) =>
  isProduction(env) && env.network.azCount < PRODUCTION_MIN_AZS
    ? [
        {
          field: 'network.azCount',
          rule: 'production-min-azs',
          message: `is ${env.network.azCount}; a production environment needs at least ${PRODUCTION_MIN_AZS} availability zones`,
        },
      ]
    : [];

const productionSecondaryRegion: Rule = (env) =>
  isProduction(env) && !env.secondaryRegion
    ? [
        {
          field: 'regions.secondary',
          rule: 'production-secondary-region',
          message: 'is missing; a production environment needs a secondary region for failover',
        },
      ]
    : [];

const productionNatPerAz: Rule = (env) =>
  isProduction(env) && env.network.natStrategy !== NatStrategy.PER_AZ
    ? [
        {
          field: 'network.natStrategy',
          rule: 'production-nat-per-az',
          message: `is "${env.network.natStrategy}"; production needs "${NatStrategy.PER_AZ}" so one AZ outage cannot cut egress for the others`,
        },
      ]
    : [];

const azCountAvailable: Rule = (env) =>
  regionFields(env)
    .filter(([, region]) => isKnownRegion(region.name))
    .filter(([, region]) => env.network.azCount > AWS_REGIONS[region.name].availabilityZones)
    .map(([field, region]) => ({
      field: 'network.azCount',
      rule: 'az-count-available',
      message: `is ${env.network.azCount} but ${region.name} (${field}) has only ${AWS_REGIONS[region.name].availabilityZones} availability zones`,
    }));

const peeringNeedsSecondary: Rule = (env) =>
  env.network.transitGatewayPeering && !env.secondaryRegion
    ? [
        {
          field: 'network.transitGatewayPeering',
          rule: 'peering-needs-secondary',
          message: 'is true but there is no regions.secondary to peer with',
        },
      ]
    : [];

const namesFitLimits: Rule = (env) => {
  const longest = regionFields(env)
    .filter(([, region]) => isKnownRegion(region.name))
    .map(([field, region]) => ({ field, prefix: namePrefix(env, region.name) }))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return longest && longest.prefix.length > NAME_PREFIX_LIMIT
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the resource name prefix "${longest.prefix}" (${longest.field}) ${longest.prefix.length} characters long; AWS name limits allow at most ${NAME_PREFIX_LIMIT} (shorten name or project)`,
        },
      ]
    : [];
};

const clusterConfigPresent: Rule = (env) =>
  env.layers.cluster && !env.cluster
    ? [
        {
          field: 'cluster',
          rule: 'cluster-config-present',
          message:
            'is missing but the cluster layer is on; add a cluster section or set layers.cluster: false',
        },
      ]
    : [];

const supportedKubernetesVersion: Rule = (env) =>
  env.cluster && !EKS_RELEASES[env.cluster.kubernetesVersion]
    ? [
        {
          field: 'cluster.kubernetesVersion',
          rule: 'supported-kubernetes-version',
          message: `"${env.cluster.kubernetesVersion}" has no tested add-on versions; supported: ${Object.keys(EKS_RELEASES).join(', ')} (see libs/config/src/eks-versions.ts)`,
        },
      ]
    : [];

const nodeGroupSizes: Rule = (env) =>
  env.cluster
    ? NODE_GROUP_ROLES.flatMap((role) => {
        const group = env.cluster?.nodeGroups[role];
        if (!group) return [];
        const { minSize, desiredSize, maxSize } = group;
        return minSize <= desiredSize && desiredSize <= maxSize
          ? []
          : [
              {
                field: `cluster.nodeGroups.${role}`,
                rule: 'node-group-sizes',
                message: `needs minSize <= desiredSize <= maxSize, got ${minSize} / ${desiredSize} / ${maxSize}`,
              },
            ];
      })
    : [];

const productionSystemNodes: Rule = (env) => {
  const system = env.cluster?.nodeGroups.system;
  return isProduction(env) && system && system.minSize < PRODUCTION_MIN_AZS
    ? [
        {
          field: 'cluster.nodeGroups.system.minSize',
          rule: 'production-system-nodes',
          message: `is ${system.minSize}; production needs at least ${PRODUCTION_MIN_AZS} system nodes so Vault's raft quorum and istiod survive losing one`,
        },
      ]
    : [];
};

const publicEndpointAllowList: Rule = (env) =>
  (env.cluster?.publicAccessCidrs ?? []).flatMap((cidr, index) => {
    const field = `cluster.publicAccessCidrs.${index}`;
    const parsed = parseCidr(cidr);
    if (typeof parsed === 'string') {
      return [{ field, rule: 'cidr-format', message: `"${cidr}" ${parsed}` }];
    }
    return parsed.prefixLength < PUBLIC_ENDPOINT_PREFIX_MIN
      ? [
          {
            field,
            rule: 'public-endpoint-allow-list',
            message: `${cidr} is wider than /${PUBLIC_ENDPOINT_PREFIX_MIN}; a public API endpoint must be limited to known networks`,
          },
        ]
      : [];
  });

const alertReceiversUnique: Rule = (env) => {
  const seen = new Set<string>();
  return (env.cluster?.monitoring.alertRoutes ?? []).flatMap((route, index) => {
    const duplicate = seen.has(route.receiver);
    seen.add(route.receiver);
    return duplicate
      ? [
          {
            field: `cluster.monitoring.alertRoutes.${index}.receiver`,
            rule: 'alert-receivers-unique',
            message: `"${route.receiver}" is used by an earlier route; give each route its own receiver`,
          },
        ]
      : [];
  });
};

/** AWS Backup and Aurora keep at most 35 days of point-in-time recovery; the seeds ask for 35. */
const PRODUCTION_BACKUP_DAYS = 35;
/** OpenSearch zone awareness spans at most three zones. */
const OPENSEARCH_MAX_ZONES = 3;

const replicationNeedsSecondary: Rule = (env) =>
  env.data.replication && !env.secondaryRegion
    ? [
        {
          field: 'data.replication',
          rule: 'replication-needs-secondary',
          message: 'is true but there is no regions.secondary to replicate to',
        },
      ]
    : [];

const productionBackupRetention: Rule = (env) =>
  isProduction(env)
    ? (
        [
          ['data.aurora.backupRetentionDays', env.data.aurora.backupRetentionDays],
          ['data.backupRetentionDays', env.data.backupRetentionDays],
        ] as const
      )
        .filter(([, days]) => days < PRODUCTION_BACKUP_DAYS)
        .map(([field, days]) => ({
          field,
          rule: 'production-backup-retention',
          message: `is ${days}; production keeps at least ${PRODUCTION_BACKUP_DAYS} days of backups`,
        }))
    : [];

const capacityRanges: Rule = (env) =>
  env.data.dynamodb.billing === TableBilling.PROVISIONED
    ? (['readCapacity', 'writeCapacity'] as const)
        .filter((kind) => env.data.dynamodb[kind].min > env.data.dynamodb[kind].max)
        .map((kind) => ({
          field: `data.dynamodb.${kind}`,
          rule: 'capacity-range',
          message: `needs min <= max, got ${env.data.dynamodb[kind].min} / ${env.data.dynamodb[kind].max}`,
        }))
    : [];

const openSearchZones: Rule = (env) => {
  const zones = Math.min(env.network.azCount, OPENSEARCH_MAX_ZONES);
  const count = env.data.openSearch.instanceCount;
  return zones > 1 && count % zones !== 0
    ? [
        {
          field: 'data.openSearch.instanceCount',
          rule: 'opensearch-zone-balance',
          message: `is ${count}; zone awareness over ${zones} zones needs a multiple of ${zones} data nodes`,
        },
      ]
    : [];
};

const productionDaxNodes: Rule = (env) =>
  isProduction(env) && env.data.dax.nodes < PRODUCTION_MIN_AZS
    ? [
        {
          field: 'data.dax.nodes',
          rule: 'production-dax-nodes',
          message: `is ${env.data.dax.nodes}; production needs at least ${PRODUCTION_MIN_AZS} DAX nodes, one per AZ`,
        },
      ]
    : [];

const daxNameFits: Rule = (env) => {
  // A prefix over its own limit is already reported by names-fit-limits.
  const prefixFits = env.regions.every(
    (region) => namePrefix(env, region.name).length <= NAME_PREFIX_LIMIT,
  );
  const tooLong =
    env.layers.data && prefixFits
      ? env.regions
          .filter((region) => isKnownRegion(region.name))
          .map((region) => daxClusterName(env, region.name))
          .find((name) => name.length > DAX_NAME_LIMIT)
      : undefined;
  return tooLong
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the DAX cluster name "${tooLong}" ${tooLong.length} characters long; DAX allows at most ${DAX_NAME_LIMIT}`,
        },
      ]
    : [];
};

const canaryNameFits: Rule = (env) => {
  // A prefix over its own limit is already reported by names-fit-limits.
  const prefixFits = env.regions.every(
    (region) => namePrefix(env, region.name).length <= NAME_PREFIX_LIMIT,
  );
  const tooLong =
    env.layers.observability && prefixFits
      ? env.regions
          .filter((region) => isKnownRegion(region.name))
          .map((region) => canaryName(env, region.name, 'routed'))
          .find((name) => name.length > CANARY_NAME_LIMIT)
      : undefined;
  return tooLong
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the canary name "${tooLong}" ${tooLong.length} characters long; Synthetics allows at most ${CANARY_NAME_LIMIT}`,
        },
      ]
    : [];
};

const layerDependencies: Rule = (env) =>
  LAYERS.filter((layer) => env.layers[layer]).flatMap((layer) =>
    LAYER_READS[layer]
      .filter((needed) => !env.layers[needed])
      .map((needed) => ({
        field: `layers.${needed}`,
        rule: 'layer-dependencies',
        message: `is off, but the ${layer} layer reads its contract; switch ${layer} off too or ${needed} on`,
      })),
  );

const weightedRoutingWeights: Rule = (env) => {
  const { routing, weights } = env.edge;
  if (routing !== RoutingPolicy.WEIGHTED) {
    return weights
      ? [
          {
            field: 'edge.weights',
            rule: 'routing-weights',
            message: `is only used with routing: weighted (routing is ${routing})`,
          },
        ]
      : [];
  }
  const missing =
    !weights || (env.secondaryRegion && weights.secondary === undefined)
      ? 'needs a weight for every region (primary and secondary)'
      : (weights.primary ?? 0) + (weights.secondary ?? 0) === 0
        ? 'must give at least one region a weight above 0'
        : undefined;
  return missing
    ? [
        {
          field: weights ? 'edge.weights' : 'edge.routing',
          rule: 'routing-weights',
          message: missing,
        },
      ]
    : [];
};

const secondaryWeightNeedsRegion: Rule = (env) =>
  env.edge.weights?.secondary !== undefined && !env.secondaryRegion
    ? [
        {
          field: 'edge.weights.secondary',
          rule: 'routing-weights',
          message: 'is set but regions.secondary is not',
        },
      ]
    : [];

/** Cross-field rules, applied once the file has the right shape. Order is the report order. */
export const ENVIRONMENT_RULES: readonly Rule[] = [
  fileNameMatches,
  knownRegion,
  distinctRegions,
  vpcCidrShape,
  peeredCidrsDisjoint,
  productionAvailabilityZones,
  productionSecondaryRegion,
  productionNatPerAz,
  azCountAvailable,
  peeringNeedsSecondary,
  namesFitLimits,
  clusterConfigPresent,
  supportedKubernetesVersion,
  nodeGroupSizes,
  productionSystemNodes,
  publicEndpointAllowList,
  alertReceiversUnique,
  replicationNeedsSecondary,
  productionBackupRetention,
  capacityRanges,
  openSearchZones,
  productionDaxNodes,
  daxNameFits,
  canaryNameFits,
  layerDependencies,
  weightedRoutingWeights,
  secondaryWeightNeedsRegion,
];

export function checkEnvironment(env: EnvironmentConfig): RuleFinding[] {
  return ENVIRONMENT_RULES.flatMap((rule) => rule(env));
}
