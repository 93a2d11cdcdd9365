/**
 * The event-streaming topics the seeds describe (one topic per event type, 7-day replay
 * for logs). MSK has no Terraform topic resource and the cluster is reachable only from
 * inside the VPC with IAM auth, so Strata documents the design (README) and the platform's
 * services create the topics with their own roles.
 */
export interface KafkaTopic {
  /** The topic's name. */
  readonly name: string;
  /** Its partitions. */
  readonly partitions: number;
  /** How long records are kept, in hours. */
  readonly retentionHours: number;
  /** Partition key producers use. */
  readonly key: string;
  /** The consumer groups that read it. */
  readonly consumers: readonly string[];
}

/** The platform's topics. */
export const KAFKA_TOPICS: readonly KafkaTopic[] = [
  {
    name: 'gateway.access-logs',
    partitions: 48,
    retentionHours: 168,
    key: 'subscription id',
    consumers: ['auditor ingestion (OpenSearch)', 'metrics aggregation'],
  },
  {
    name: 'platform.application-logs',
    partitions: 12,
    retentionHours: 168,
    key: 'component',
    consumers: ['auditor ingestion (OpenSearch)'],
  },
  {
    name: 'platform.metrics',
    partitions: 12,
    retentionHours: 72,
    key: 'subscription id',
    consumers: ['metrics aggregation (Prometheus)'],
  },
  {
    name: 'api.lifecycle-events',
    partitions: 6,
    retentionHours: 168,
    key: 'api id',
    consumers: ['notification service', 'warehouse ETL'],
  },
  {
    name: 'subscription.events',
    partitions: 12,
    retentionHours: 168,
    key: 'subscription id',
    consumers: ['gateway config sync', 'notification service', 'warehouse ETL'],
  },
  {
    name: 'alert.events',
    partitions: 6,
    retentionHours: 168,
    key: 'alert rule',
    consumers: ['notification service'],
  },
  {
    name: 'workflow.events',
    partitions: 6,
    retentionHours: 168,
    key: 'workflow id',
    consumers: ['approval workers', 'warehouse ETL'],
  },
];
