import { parseCidr } from '@strata/constructs/vocabulary';
import { EKS_RELEASES } from '../eks-versions';
import { familyArchitecture, isProduction, NODE_GROUP_ROLES, NODE_POOLS } from '../environment';
import { cidrFormat } from './network';
import { PRODUCTION_MIN_AZS, Rule } from './rule';
import { alertMatcherProblem } from '../alert-matchers';
import { excerpt } from '../text-excerpt';

/** The widest network a public EKS endpoint may be opened to. */
const PUBLIC_ENDPOINT_PREFIX_MIN = 16;

export const clusterConfigPresent: Rule = (env) =>
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

export const supportedKubernetesVersion: Rule = (env) =>
  env.cluster && !EKS_RELEASES[env.cluster.kubernetesVersion]
    ? [
        {
          field: 'cluster.kubernetesVersion',
          rule: 'supported-kubernetes-version',
          message: `"${env.cluster.kubernetesVersion}" has no tested add-on versions; supported: ${Object.keys(EKS_RELEASES).join(', ')} (see libs/config/src/eks-versions.ts)`,
        },
      ]
    : [];

/** Every sign-in of an environment (Argo CD, Grafana) goes to its one identity provider. */
export const ssoOneIdentityProvider: Rule = (env) => {
  const argoCd = env.cluster?.gitops.sso?.issuerUrl;
  const grafana = env.cluster?.monitoring.sso?.issuerUrl;
  return argoCd && grafana && argoCd !== grafana
    ? [
        {
          field: 'cluster.monitoring.sso.issuerUrl',
          rule: 'sso-one-identity-provider',
          message: `is ${grafana}, but cluster.gitops.sso.issuerUrl is ${argoCd}: an environment signs people in through one identity provider, so its groups mean the same in Argo CD and Grafana`,
        },
      ]
    : [];
};

export const nodeGroupSizes: Rule = (env) =>
  NODE_GROUP_ROLES.flatMap((role) => {
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
  });

export const productionSystemNodes: Rule = (env) => {
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

export const publicEndpointAllowList: Rule = (env) =>
  (env.cluster?.publicAccessCidrs ?? []).flatMap((cidr, index) => {
    const field = `cluster.publicAccessCidrs.${index}`;
    const format = cidrFormat(field, cidr);
    const parsed = parseCidr(cidr);
    if (format.length > 0 || typeof parsed === 'string') return format;
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

/** Every route's matchers are ones Alertmanager parses: one bad matcher and it refuses the whole config. */
export const alertMatchers: Rule = (env) =>
  (env.cluster?.monitoring.alertRoutes ?? []).flatMap((route, index) =>
    route.matchers.flatMap((matcher, position) => {
      const problem = alertMatcherProblem(matcher);
      return problem
        ? [
            {
              field: `cluster.monitoring.alertRoutes.${index}.matchers.${position}`,
              rule: 'alert-matchers',
              message: `"${excerpt(matcher, 60)}" ${problem}`,
            },
          ]
        : [];
    }),
  );

export const alertReceiversUnique: Rule = (env) => {
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

/**
 * A family allow-list must fit the pool's architectures: Karpenter would otherwise find no
 * instance type that meets both and leave the pods pending.
 */
export const instanceFamilyArchitecture: Rule = (env) =>
  NODE_POOLS.flatMap((name) => {
    const pool = env.cluster?.nodePools[name];
    return (pool?.instanceFamilies ?? []).flatMap((family, index) => {
      const architecture = familyArchitecture(family);
      return pool?.architectures.includes(architecture)
        ? []
        : [
            {
              field: `cluster.nodePools.${name}.instanceFamilies.${index}`,
              rule: 'instance-family-architecture',
              message: `${family} is an ${architecture} family, but the pool's architectures are ${pool?.architectures.join(', ')}; add ${architecture} or remove ${family}`,
            },
          ];
    });
  });

/**
 * Karpenter ANDs a pool's requirements: a listed family must also meet the pool's category
 * (`karpenter.k8s.aws/instance-category`: the letters before the generation, `m` for m7i)
 * and its generation floor (`instance-generation` greater than the floor minus one), or no
 * instance type of it is ever launched.
 */
export const instanceFamilyRequirements: Rule = (env) =>
  NODE_POOLS.flatMap((name) => {
    const pool = env.cluster?.nodePools[name];
    if (!pool) return [];
    return (pool.instanceFamilies ?? []).flatMap((family, index) => {
      const category = /^[a-z]+/.exec(family)?.[0] ?? '';
      const generation = Number(/\d+/.exec(family)?.[0]);
      const field = `cluster.nodePools.${name}.instanceFamilies.${index}`;
      const findings = [];
      if (!(pool.instanceCategories as readonly string[]).includes(category)) {
        findings.push({
          field,
          rule: 'instance-family-requirements',
          message: `${family} is in category ${category}, which the pool's instanceCategories (${pool.instanceCategories.join(', ')}) leave out; Karpenter requires both, so it never launches ${family}`,
        });
      }
      if (generation < pool.minInstanceGeneration) {
        findings.push({
          field,
          rule: 'instance-family-requirements',
          message: `${family} is generation ${generation}, below the pool's minInstanceGeneration ${pool.minInstanceGeneration}; Karpenter requires both, so it never launches ${family}`,
        });
      }
      return findings;
    });
  });

/** Spot capacity of one family can run out in a zone at once; three families ride it out. */
export const SPOT_MIN_FAMILIES = 3;

export const spotDiversification: Rule = (env) => {
  const families = env.cluster?.nodePools.spot.instanceFamilies;
  return families && families.length < SPOT_MIN_FAMILIES
    ? [
        {
          field: 'cluster.nodePools.spot.instanceFamilies',
          rule: 'spot-diversification',
          message: `lists ${families.length} famil${families.length === 1 ? 'y' : 'ies'}; spot needs at least ${SPOT_MIN_FAMILIES} (or none, for every family of the categories) so one family's interruptions cannot take the pool`,
        },
      ]
    : [];
};
