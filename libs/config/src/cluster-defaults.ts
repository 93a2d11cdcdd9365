import {
  ClusterSettings,
  EnvironmentTier,
  NODE_GROUP_ROLES,
  NodeGroupRole,
  NodeGroupSettings,
} from './environment';
import { EnvironmentFile } from './schema';

type NodeGroupDefaults = Readonly<Record<NodeGroupRole, NodeGroupSettings>>;

/**
 * Node groups per tier. Production keeps three system nodes (one per AZ) so CoreDNS,
 * Vault and istiod survive an AZ outage; spot starts at zero and only grows on demand.
 */
export const DEFAULT_NODE_GROUPS: Readonly<Record<EnvironmentTier, NodeGroupDefaults>> = {
  [EnvironmentTier.PRODUCTION]: {
    system: {
      instanceTypes: ['m7i.large'],
      minSize: 3,
      maxSize: 6,
      desiredSize: 3,
      diskSizeGib: 50,
    },
    general: {
      instanceTypes: ['m7i.xlarge'],
      minSize: 3,
      maxSize: 30,
      desiredSize: 6,
      diskSizeGib: 100,
    },
    spot: {
      instanceTypes: ['m7i.xlarge', 'm6i.xlarge', 'm7a.xlarge', 'm6a.xlarge'],
      minSize: 0,
      maxSize: 30,
      desiredSize: 0,
      diskSizeGib: 100,
    },
  },
  [EnvironmentTier.STAGING]: {
    system: {
      instanceTypes: ['m7i.large'],
      minSize: 3,
      maxSize: 4,
      desiredSize: 3,
      diskSizeGib: 50,
    },
    general: {
      instanceTypes: ['m7i.large'],
      minSize: 2,
      maxSize: 10,
      desiredSize: 3,
      diskSizeGib: 50,
    },
    spot: {
      instanceTypes: ['m7i.large', 'm6i.large', 'm7a.large'],
      minSize: 0,
      maxSize: 10,
      desiredSize: 0,
      diskSizeGib: 50,
    },
  },
  [EnvironmentTier.DEVELOPMENT]: {
    system: {
      instanceTypes: ['t3.large'],
      minSize: 2,
      maxSize: 3,
      desiredSize: 2,
      diskSizeGib: 30,
    },
    general: {
      instanceTypes: ['t3.large'],
      minSize: 1,
      maxSize: 4,
      desiredSize: 1,
      diskSizeGib: 30,
    },
    spot: {
      instanceTypes: ['t3.large', 't3a.large', 'm7i.large'],
      minSize: 0,
      maxSize: 6,
      desiredSize: 0,
      diskSizeGib: 30,
    },
  },
};

/** Fills the tier-dependent defaults of the `cluster` section. */
export function resolveClusterSettings(
  file: NonNullable<EnvironmentFile['cluster']>,
  tier: EnvironmentTier,
): ClusterSettings {
  const production = tier === EnvironmentTier.PRODUCTION;
  const nodeGroupDefaults = DEFAULT_NODE_GROUPS[tier];
  const nodeGroups = Object.fromEntries(
    NODE_GROUP_ROLES.map((role) => {
      const given = file.nodeGroups?.[role];
      const defaults = nodeGroupDefaults[role];
      return [
        role,
        given ? { ...given, diskSizeGib: given.diskSizeGib ?? defaults.diskSizeGib } : defaults,
      ];
    }),
  ) as Record<NodeGroupRole, NodeGroupSettings>;
  return {
    kubernetesVersion: file.kubernetesVersion,
    publicAccessCidrs: file.publicAccessCidrs ?? [],
    adminRoleName: file.adminRoleName,
    controlPlaneLogRetentionDays: file.controlPlaneLogRetentionDays ?? (production ? 90 : 30),
    nodeGroups,
    gitops: {
      repoUrl: file.gitops.repoUrl,
      revision: file.gitops.revision ?? 'main',
      sso: file.gitops.sso && {
        issuerUrl: file.gitops.sso.issuerUrl,
        clientId: file.gitops.sso.clientId,
        adminGroups: file.gitops.sso.adminGroups,
        readOnlyGroups: file.gitops.sso.readOnlyGroups ?? [],
      },
    },
    monitoring: {
      retentionDays: file.monitoring?.retentionDays ?? (production ? 30 : 7),
      storageGib: file.monitoring?.storageGib ?? (production ? 200 : 50),
      alertRoutes: file.monitoring?.alertRoutes ?? [],
    },
  };
}
