import { isProduction, TableBilling } from '../environment';
import { OPENSEARCH_MAX_ZONES } from '../model/schema';
import { PRODUCTION_MIN_AZS, Rule } from './rule';

/** AWS Backup and Aurora keep at most 35 days of point-in-time recovery; the seeds ask for 35. */
const PRODUCTION_BACKUP_DAYS = 35;

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

export const productionBackupRetention: Rule = (env) =>
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
