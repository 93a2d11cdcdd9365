import { isProduction, TableBilling } from '../environment';
import { OPENSEARCH_MAX_ZONES } from '../model/schema';
import { PRODUCTION_MIN_AZS, Rule } from './rule';

/** AWS Backup and Aurora keep at most 35 days of point-in-time recovery; the seeds ask for 35. */
const PRODUCTION_BACKUP_DAYS = 35;
/** The seeds' backup tiers past the daily one: a year of monthly and seven of yearly points. */
const PRODUCTION_MONTHLY_BACKUP_DAYS = 365;
const PRODUCTION_YEARLY_BACKUP_DAYS = 2555;

export const replicationNeedsSecondary: Rule = (env) =>
  env.data.replication && !env.secondaryRegion
    ? [
        {
          field: 'data.replication',
          rule: 'replication-needs-secondary',
          message: 'is true but there is no regions.secondary to replicate to',
        },
      ]
    : [];

export const automaticFailoverNeedsReplication: Rule = (env) =>
  env.data.automaticFailover && !(env.data.replication && env.secondaryRegion)
    ? [
        {
          field: 'data.automaticFailover',
          rule: 'automatic-failover-needs-replication',
          message: 'is true but data.replication is off: there is no global database to fail over',
        },
      ]
    : [];

export const stateReplicationNeedsSecondary: Rule = (env) =>
  env.state.replication && !env.secondaryRegion
    ? [
        {
          field: 'state.replication',
          rule: 'replication-needs-secondary',
          message: 'is true but there is no regions.secondary to replicate to',
        },
      ]
    : [];

export const stateFailoverNeedsReplica: Rule = (env) =>
  env.state.activeRegion === 'secondary' && !(env.state.replication && env.secondaryRegion)
    ? [
        {
          field: 'state.activeRegion',
          rule: 'state-failover-needs-replica',
          message: 'is secondary but state.replication is off: there is no replica to fail over to',
        },
      ]
    : [];

export const productionBackupRetention: Rule = (env) =>
  isProduction(env)
    ? (
        [
          [
            'data.aurora.backupRetentionDays',
            env.data.aurora.backupRetentionDays,
            PRODUCTION_BACKUP_DAYS,
          ],
          ['data.backupRetentionDays', env.data.backupRetentionDays, PRODUCTION_BACKUP_DAYS],
          [
            'data.backupMonthlyRetentionDays',
            env.data.backupMonthlyRetentionDays,
            PRODUCTION_MONTHLY_BACKUP_DAYS,
          ],
          [
            'data.backupYearlyRetentionDays',
            env.data.backupYearlyRetentionDays,
            PRODUCTION_YEARLY_BACKUP_DAYS,
          ],
        ] as const
      )
        .filter(([, days, least]) => days < least)
        .map(([field, days, least]) => ({
          field,
          rule: 'production-backup-retention',
          message: `is ${days}; production keeps at least ${least} days of backups`,
        }))
    : [];

export const capacityRanges: Rule = (env) =>
  env.data.dynamodb.billing === TableBilling.PROVISIONED
    ? (['readCapacity', 'writeCapacity'] as const)
        .filter((kind) => env.data.dynamodb[kind].min > env.data.dynamodb[kind].max)
        .map((kind) => ({
          field: `data.dynamodb.${kind}`,
          rule: 'capacity-range',
          message: `needs min <= max, got ${env.data.dynamodb[kind].min} / ${env.data.dynamodb[kind].max}`,
        }))
    : [];

export const openSearchZones: Rule = (env) => {
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

export const productionDaxNodes: Rule = (env) =>
  isProduction(env) && env.data.dax.nodes < PRODUCTION_MIN_AZS
    ? [
        {
          field: 'data.dax.nodes',
          rule: 'production-dax-nodes',
          message: `is ${env.data.dax.nodes}; production needs at least ${PRODUCTION_MIN_AZS} DAX nodes, one per AZ`,
        },
      ]
    : [];

/**
 * The oldest minor of each Aurora PostgreSQL major with the RDS Data API on provisioned and
 * Serverless v2 clusters; later majors all have it.
 */
const DATA_API_MINIMUM: Readonly<Record<number, number>> = { 13: 11, 14: 8, 15: 3, 16: 1 };
const OLDEST_DATA_API_MAJOR = 13;

/**
 * The components' database logins are created through the RDS Data API, which serves no
 * burstable (`db.t*`) instance and no engine version before the ones above.
 */
export const auroraDataApi: Rule = (env) => {
  const { instanceClass, engineVersion } = env.data.aurora;
  const findings = [];
  if (/^db\.t\d/.test(instanceClass)) {
    findings.push({
      field: 'data.aurora.instanceClass',
      rule: 'aurora-data-api',
      message: `is ${instanceClass}; the RDS Data API, which creates the components' database logins, serves no burstable class: use db.serverless (Serverless v2) or an r/x class`,
    });
  }
  const [major, minor] = engineVersion.split('.').map(Number);
  const oldest = DATA_API_MINIMUM[major];
  if (major < OLDEST_DATA_API_MAJOR || (oldest !== undefined && minor < oldest)) {
    findings.push({
      field: 'data.aurora.engineVersion',
      rule: 'aurora-data-api',
      message: `is ${engineVersion}; the RDS Data API needs Aurora PostgreSQL 13.11, 14.8, 15.3, 16.1 or later`,
    });
  }
  return findings;
};
