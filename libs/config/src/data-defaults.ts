import { DataSettings, EnvironmentTier, TableBilling } from './environment';
import { EnvironmentFile } from './schema';

type DataDefaults = Omit<DataSettings, 'replication'>;

/** Seven years: the usual retention for audit evidence. */
const PRODUCTION_AUDIT_RETENTION_DAYS = 2555;

/**
 * Data-layer sizes per tier: development is small and cheap but keeps the same shape
 * (replicas, encryption, TLS) so what is tested is what runs; production is HA.
 */
export const DEFAULT_DATA_SETTINGS: Readonly<Record<EnvironmentTier, DataDefaults>> = {
  [EnvironmentTier.PRODUCTION]: {
    aurora: {
      engineVersion: '16.6',
      instanceClass: 'db.r7g.xlarge',
      instancesPerRegion: 3,
      backupRetentionDays: 35,
    },
    dynamodb: {
      billing: TableBilling.PROVISIONED,
      readCapacity: { min: 50, max: 4000 },
      writeCapacity: { min: 25, max: 2000 },
    },
    dax: { nodeType: 'dax.r5.large', nodes: 3 },
    redis: {
      nodeType: 'cache.r7g.large',
      shards: 3,
      replicasPerShard: 2,
      snapshotRetentionDays: 7,
    },
    openSearch: {
      instanceType: 'r7g.large.search',
      instanceCount: 3,
      dedicatedMasterType: 'm7g.large.search',
      volumeGib: 200,
      masterRoleName: 'platform-admin',
    },
    kafka: { brokerType: 'kafka.m7g.large', brokersPerAz: 1, volumeGib: 1000 },
    auditLogRetentionDays: PRODUCTION_AUDIT_RETENTION_DAYS,
    backupRetentionDays: 35,
  },
  [EnvironmentTier.STAGING]: {
    aurora: {
      engineVersion: '16.6',
      instanceClass: 'db.r7g.large',
      instancesPerRegion: 2,
      backupRetentionDays: 35,
    },
    dynamodb: {
      billing: TableBilling.ON_DEMAND,
      readCapacity: { min: 5, max: 500 },
      writeCapacity: { min: 5, max: 250 },
    },
    dax: { nodeType: 'dax.t3.medium', nodes: 3 },
    redis: {
      nodeType: 'cache.t4g.medium',
      shards: 2,
      replicasPerShard: 1,
      snapshotRetentionDays: 3,
    },
    openSearch: {
      instanceType: 't3.medium.search',
      instanceCount: 3,
      volumeGib: 50,
      masterRoleName: 'platform-admin',
    },
    kafka: { brokerType: 'kafka.t3.small', brokersPerAz: 1, volumeGib: 100 },
    auditLogRetentionDays: 90,
    backupRetentionDays: 35,
  },
  [EnvironmentTier.DEVELOPMENT]: {
    aurora: {
      engineVersion: '16.6',
      instanceClass: 'db.t4g.medium',
      instancesPerRegion: 2,
      backupRetentionDays: 7,
    },
    dynamodb: {
      billing: TableBilling.ON_DEMAND,
      readCapacity: { min: 1, max: 100 },
      writeCapacity: { min: 1, max: 50 },
    },
    dax: { nodeType: 'dax.t3.small', nodes: 1 },
    redis: {
      nodeType: 'cache.t4g.small',
      shards: 1,
      replicasPerShard: 1,
      snapshotRetentionDays: 1,
    },
    openSearch: {
      instanceType: 't3.small.search',
      instanceCount: 2,
      volumeGib: 20,
      masterRoleName: 'platform-admin',
    },
    kafka: { brokerType: 'kafka.t3.small', brokersPerAz: 1, volumeGib: 50 },
    auditLogRetentionDays: 30,
    backupRetentionDays: 7,
  },
};

/** Fills every field of the `data` section the file leaves out from the tier's defaults. */
export function resolveDataSettings(
  file: EnvironmentFile['data'],
  tier: EnvironmentTier,
  hasSecondaryRegion: boolean,
  azCount: number,
): DataSettings {
  const defaults = DEFAULT_DATA_SETTINGS[tier];
  // The default node count is rounded up so it divides evenly over the zones the domain spans.
  const searchZones = Math.min(azCount, 3);
  const searchNodes = Math.ceil(defaults.openSearch.instanceCount / searchZones) * searchZones;
  return {
    replication: file?.replication ?? (tier === EnvironmentTier.PRODUCTION && hasSecondaryRegion),
    aurora: { ...defaults.aurora, ...file?.aurora },
    dynamodb: {
      billing: file?.dynamodb?.billing ?? defaults.dynamodb.billing,
      readCapacity: file?.dynamodb?.readCapacity ?? defaults.dynamodb.readCapacity,
      writeCapacity: file?.dynamodb?.writeCapacity ?? defaults.dynamodb.writeCapacity,
    },
    dax: { ...defaults.dax, ...file?.dax },
    redis: { ...defaults.redis, ...file?.redis },
    openSearch: { ...defaults.openSearch, instanceCount: searchNodes, ...file?.openSearch },
    kafka: { ...defaults.kafka, ...file?.kafka },
    auditLogRetentionDays: file?.auditLogRetentionDays ?? defaults.auditLogRetentionDays,
    backupRetentionDays: file?.backupRetentionDays ?? defaults.backupRetentionDays,
  };
}
