import {
  ALERT_THRESHOLDS,
  RECOVERY_METRIC_NAMESPACE,
  RECOVERY_OBJECTIVES,
} from '@strata/constructs/vocabulary';
import {
  AlarmSeverity,
  AlarmSpec,
  AUDIT_METRIC_FILTERS,
  AUDIT_METRIC_NAMESPACE,
  ExpressionInput,
} from '@strata/constructs';

/** What the alarms of one region watch, from the cluster, data and edge contracts. */
export interface AlarmTargets {
  readonly clusterName: string;
  readonly databaseClusterIdentifier: string;
  /** The region is an Aurora global secondary: watch replication lag from the primary. */
  readonly globalDatabaseSecondary: boolean;
  readonly tableName: string;
  /** Regions the global table replicates this region's writes to (none without replication). */
  readonly tableReplicaRegions: readonly string[];
  readonly redisReplicationGroupId: string;
  readonly redisShards: number;
  readonly redisReplicasPerShard: number;
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly canaryNames: readonly string[];
  /** Minutes between canary runs: the canaries alone keep a quiet load balancer busy. */
  readonly canaryIntervalMinutes: number;
  readonly accountId: string;
  readonly searchDomainName: string;
  /** gp3 volume per OpenSearch data node, in GiB. */
  readonly searchVolumeGib: number;
  readonly kafkaClusterName: string;
  /** MSK brokers in this region (broker ids 1..n). */
  readonly kafkaBrokers: number;
  /** The regional ALB's ACM certificate. */
  readonly certificateArn: string;
  /** The function that validates the weekly restore tests. */
  readonly restoreValidationFunctionName: string;
}

/** Route53 publishes its metrics (health checks, DNSSEC) only in us-east-1: their alarms live there. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

const DAY = 86_400;
/** The seeds' error-rate alert, as the ALB alarm's percentage. */
const API_ERROR_RATE_PERCENT = ALERT_THRESHOLDS.errorRatio * 100;

/** ACM publishes DaysToExpiry daily; renewal normally happens 60 days ahead. */
const CERTIFICATE_EXPIRY_DAYS = [30, 15, 7] as const;

const MINUTE = 60;
const FIVE_MINUTES = 300;
/** Metric math may combine at most 10 metrics per alarm. */
const MAX_METRICS_PER_EXPRESSION = 10;

/** Node ids of a cluster-mode replication group: `<group>-<shard 0001>-<node 001>`. */
export function redisNodeIds(groupId: string, shards: number, replicasPerShard: number): string[] {
  const ids: string[] = [];
  for (let shard = 1; shard <= shards; shard++) {
    for (let node = 1; node <= replicasPerShard + 1; node++) {
      ids.push(`${groupId}-${String(shard).padStart(4, '0')}-${String(node).padStart(3, '0')}`);
    }
  }
  return ids;
}

/** One `MAX(...)`/`SUM(...)` alarm per 10 nodes (ElastiCache publishes per node only). */
function perNodeAlarms(
  nodes: readonly string[],
  base: Omit<AlarmSpec, 'math' | 'dimensions' | 'name'> & { readonly name: string },
  aggregate: 'MAX' | 'SUM' | 'MIN',
): AlarmSpec[] {
  const chunks: string[][] = [];
  for (let start = 0; start < nodes.length; start += MAX_METRICS_PER_EXPRESSION) {
    chunks.push(nodes.slice(start, start + MAX_METRICS_PER_EXPRESSION));
  }
  return chunks.map((chunk, index) => {
    const metrics: ExpressionInput[] = chunk.map((node) => ({
      dimensions: { CacheClusterId: node },
    }));
    return {
      ...base,
      name: chunks.length === 1 ? base.name : `${base.name}-${index + 1}`,
      math: {
        expression: `${aggregate}([${metrics.map((_, i) => `m${i}`).join(',')}])`,
        metrics,
      },
    };
  });
}

/**
 * The metric alarms of one region. Thresholds follow the seeds' targets: users see
 * failures within minutes, the RPO of 5 minutes is guarded by replication lag, and
 * capacity warnings leave time to act before throttling.
 */
export function platformAlarms(targets: AlarmTargets): AlarmSpec[] {
  const database = { DBClusterIdentifier: targets.databaseClusterIdentifier };
  const loadBalancer = { LoadBalancer: targets.loadBalancerArnSuffix };
  const redisNodes = redisNodeIds(
    targets.redisReplicationGroupId,
    targets.redisShards,
    targets.redisReplicasPerShard,
  );
  const alarms: AlarmSpec[] = [
    {
      name: 'aurora-cpu',
      description: `Aurora CPU above ${ALERT_THRESHOLDS.cpuPercent} % for 15 minutes: scale the instance class or add readers.`,
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      dimensions: database,
      statistic: 'Average',
      comparison: 'GreaterThanThreshold',
      threshold: ALERT_THRESHOLDS.cpuPercent,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 3,
    },
    {
      name: 'aurora-replica-lag',
      description: 'Aurora readers more than 1 s behind the writer for 5 minutes.',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/RDS',
      metricName: 'AuroraReplicaLagMaximum',
      dimensions: database,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 1000,
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
    },
    ...targets.tableReplicaRegions.map((region): AlarmSpec => ({
      name: `dynamodb-replication-latency-${region}`,
      description: `DynamoDB global table replication to ${region} more than 2 minutes behind for 3 minutes: the 5-minute RPO is at risk.`,
      severity: AlarmSeverity.CRITICAL,
      namespace: 'AWS/DynamoDB',
      metricName: 'ReplicationLatency',
      dimensions: { TableName: targets.tableName, ReceivingRegion: region },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 120_000,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
    })),
    ...(['ReadThrottleEvents', 'WriteThrottleEvents'] as const).map((metricName): AlarmSpec => ({
      name: `dynamodb-${metricName === 'ReadThrottleEvents' ? 'read' : 'write'}-throttles`,
      description: `DynamoDB ${metricName} in two consecutive 5-minute periods: raise capacity limits.`,
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensions: { TableName: targets.tableName },
      statistic: 'Sum',
      comparison: 'GreaterThanThreshold',
      threshold: 10,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 2,
    })),
    ...perNodeAlarms(
      redisNodes,
      {
        name: 'redis-memory',
        description: 'A Redis node above 80 % of its memory for 15 minutes: add shards.',
        severity: AlarmSeverity.WARNING,
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: 80,
        periodSeconds: FIVE_MINUTES,
        evaluationPeriods: 3,
      },
      'MAX',
    ),
    ...perNodeAlarms(
      redisNodes,
      {
        name: 'redis-evictions',
        description: 'Redis evicting more than 100 keys per 5 minutes: the cache is too small.',
        severity: AlarmSeverity.WARNING,
        namespace: 'AWS/ElastiCache',
        metricName: 'Evictions',
        statistic: 'Sum',
        comparison: 'GreaterThanThreshold',
        threshold: 100,
        periodSeconds: FIVE_MINUTES,
        evaluationPeriods: 1,
      },
      'SUM',
    ),
    {
      name: 'alb-5xx-rate',
      description: `More than ${API_ERROR_RATE_PERCENT} % of API requests failed with 5xx for 3 minutes.`,
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_ELB_5XX_Count',
      statistic: 'Sum',
      comparison: 'GreaterThanThreshold',
      threshold: API_ERROR_RATE_PERCENT,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
      math: {
        expression: '100 * (FILL(m0, 0) + FILL(m1, 0)) / FILL(m2, 1)',
        metrics: [
          { metricName: 'HTTPCode_ELB_5XX_Count', dimensions: loadBalancer },
          { metricName: 'HTTPCode_Target_5XX_Count', dimensions: loadBalancer },
          { metricName: 'RequestCount', dimensions: loadBalancer },
        ],
      },
    },
    {
      name: 'alb-latency-p99',
      description: 'API p99 latency above 1.5 s for 5 minutes.',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions: loadBalancer,
      statistic: 'p99',
      comparison: 'GreaterThanThreshold',
      threshold: 1.5,
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
    },
    {
      name: 'alb-no-healthy-targets',
      description: 'No healthy ingress gateway pod behind the ALB for 2 minutes.',
      severity: AlarmSeverity.CRITICAL,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HealthyHostCount',
      dimensions: { ...loadBalancer, TargetGroup: targets.targetGroupArnSuffix },
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: MINUTE,
      evaluationPeriods: 2,
      // No data means no targets at all.
      treatMissingData: 'breaching',
    },
    {
      name: 'alb-no-requests',
      description:
        "The ALB received no request, not even the canary's: DNS, the certificate or the network in front of it is broken.",
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/ApplicationELB',
      metricName: 'RequestCount',
      dimensions: loadBalancer,
      statistic: 'Sum',
      comparison: 'LessThanThreshold',
      threshold: 1,
      // Long enough to hold at least one canary run.
      periodSeconds: Math.max(FIVE_MINUTES, targets.canaryIntervalMinutes * MINUTE),
      evaluationPeriods: 1,
      // The ALB publishes no RequestCount datapoint for a period without requests.
      treatMissingData: 'breaching',
    },
    {
      name: 'eks-failed-nodes',
      description: 'EKS nodes failing (NotReady) for 5 minutes (Container Insights).',
      severity: AlarmSeverity.WARNING,
      namespace: 'ContainerInsights',
      metricName: 'cluster_failed_node_count',
      dimensions: { ClusterName: targets.clusterName },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
    },
    ...targets.canaryNames.map((canary): AlarmSpec => ({
      name: `canary-${canary}`,
      description: `Synthetic health check ${canary} failing for 3 consecutive runs.`,
      severity: AlarmSeverity.WARNING,
      namespace: 'CloudWatchSynthetics',
      metricName: 'SuccessPercent',
      dimensions: { CanaryName: canary },
      statistic: 'Average',
      comparison: 'LessThanThreshold',
      threshold: 90,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
    })),
  ];
  alarms.push(...searchAndStreamingAlarms(targets), ...certificateAlarms(targets.certificateArn));
  alarms.push(
    ...perNodeAlarms(
      redisNodes,
      {
        name: 'redis-hit-rate',
        description:
          'A Redis node answers under 80 % of reads from cache: keys expire too soon or the cache is too small.',
        severity: AlarmSeverity.WARNING,
        namespace: 'AWS/ElastiCache',
        metricName: 'CacheHitRate',
        statistic: 'Average',
        comparison: 'LessThanThreshold',
        threshold: 80,
        periodSeconds: FIVE_MINUTES,
        evaluationPeriods: 3,
      },
      'MIN',
    ),
  );
  alarms.push({
    name: 'restore-validation-failed',
    description:
      'A weekly restore test restored a copy that failed validation (or the validation broke): the restore job in AWS Backup says why.',
    severity: AlarmSeverity.WARNING,
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    dimensions: { FunctionName: targets.restoreValidationFunctionName },
    statistic: 'Sum',
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    // The function runs a few times a week; silence in between is health, not missing data.
    treatMissingData: 'notBreaching',
  });
  if (targets.globalDatabaseSecondary) {
    alarms.push({
      name: 'aurora-global-lag',
      description:
        'Aurora global replication more than 2 minutes behind for 3 minutes: the 5-minute RPO is at risk.',
      severity: AlarmSeverity.CRITICAL,
      namespace: 'AWS/RDS',
      metricName: 'AuroraGlobalDBReplicationLag',
      dimensions: database,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 120_000,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
    });
    alarms.push({
      name: 'aurora-global-silent',
      description:
        "No replication-lag datapoint from this region's Aurora cluster for 5 minutes: it no longer replicates from the writer (the writer's region is down, or the writer has moved here, when this is expected until the switchover back).",
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/RDS',
      metricName: 'AuroraGlobalDBReplicationLag',
      dimensions: database,
      statistic: 'SampleCount',
      comparison: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
      // The signal is the silence itself.
      treatMissingData: 'breaching',
    });
  }
  return alarms;
}

/** Account-wide alarms on CloudTrail-derived metrics: one per metric filter of the trail. */
export function auditAlarms(): AlarmSpec[] {
  return Object.entries(AUDIT_METRIC_FILTERS).map(([metricName, metric]) => ({
    // RootAccountUsage -> root-account-usage
    name: metricName.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase(),
    description: metric.description,
    severity: metric.severity === 'critical' ? AlarmSeverity.CRITICAL : AlarmSeverity.WARNING,
    namespace: AUDIT_METRIC_NAMESPACE,
    metricName,
    statistic: 'Sum',
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: metric.threshold,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
  }));
}

/** Depth and age of one SQS queue: what each alarm means and when it fires. */
interface QueueThresholds {
  readonly description: string;
  readonly severity: AlarmSeverity;
  readonly threshold: number;
  readonly evaluationPeriods: number;
}

function sqsAlarms(
  queueName: string,
  depth: QueueThresholds,
  age: QueueThresholds,
): Record<'depth' | 'age', AlarmSpec> {
  const common = {
    namespace: 'AWS/SQS',
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    periodSeconds: FIVE_MINUTES,
  } as const;
  return {
    depth: {
      ...common,
      ...depth,
      name: `${queueName}-depth`,
      metricName: 'ApproximateNumberOfMessagesVisible',
    },
    age: {
      ...common,
      ...age,
      name: `${queueName}-age`,
      metricName: 'ApproximateAgeOfOldestMessage',
    },
  };
}

/** SQS dead-letter alarms for one queue name (applied for each DLQ of the contract). */
export function deadLetterAlarms(queueName: string): Record<'depth' | 'age', AlarmSpec> {
  return sqsAlarms(
    queueName,
    {
      description: 'Messages are landing in a dead-letter queue: a consumer keeps failing.',
      severity: AlarmSeverity.WARNING,
      threshold: 0,
      evaluationPeriods: 1,
    },
    {
      description: 'A dead-letter message is older than a day: redrive or discard it.',
      severity: AlarmSeverity.WARNING,
      threshold: 86_400,
      evaluationPeriods: 1,
    },
  );
}

/** OpenSearch health and storage, MSK partitions and disk. */
function searchAndStreamingAlarms(targets: AlarmTargets): AlarmSpec[] {
  const domain = { DomainName: targets.searchDomainName, ClientId: targets.accountId };
  const kafka = { 'Cluster Name': targets.kafkaClusterName };
  const brokers: ExpressionInput[] = Array.from({ length: targets.kafkaBrokers }, (_, index) => ({
    dimensions: { ...kafka, 'Broker ID': String(index + 1) },
  }));
  const search = (
    name: string,
    metricName: string,
    description: string,
    severity: AlarmSeverity,
  ): AlarmSpec => ({
    name,
    description,
    severity,
    namespace: 'AWS/ES',
    metricName,
    dimensions: domain,
    statistic: 'Maximum',
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    periodSeconds: MINUTE,
    evaluationPeriods: 5,
  });
  return [
    search(
      'opensearch-red',
      'ClusterStatus.red',
      'OpenSearch has an unassigned primary shard: some searches fail.',
      AlarmSeverity.CRITICAL,
    ),
    search(
      'opensearch-yellow',
      'ClusterStatus.yellow',
      'OpenSearch has unassigned replica shards: one more node loss loses data.',
      AlarmSeverity.WARNING,
    ),
    search(
      'opensearch-writes-blocked',
      'ClusterIndexWritesBlocked',
      'OpenSearch blocks writes (disk or memory pressure).',
      AlarmSeverity.CRITICAL,
    ),
    {
      name: 'opensearch-free-storage',
      description: 'An OpenSearch data node has under 20 % of its volume free.',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/ES',
      metricName: 'FreeStorageSpace',
      dimensions: domain,
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      // FreeStorageSpace is in MiB, per node.
      threshold: Math.round(targets.searchVolumeGib * 1024 * 0.2),
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 1,
    },
    {
      name: 'msk-offline-partitions',
      description: 'MSK has offline partitions: producers and consumers of them fail.',
      severity: AlarmSeverity.CRITICAL,
      namespace: 'AWS/Kafka',
      metricName: 'OfflinePartitionsCount',
      dimensions: kafka,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
    },
    {
      name: 'msk-under-replicated',
      description:
        'MSK partitions are under-replicated for 10 minutes: a broker is lagging or down.',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/Kafka',
      metricName: 'UnderReplicatedPartitions',
      math: {
        expression: `MAX([${brokers.map((_, i) => `m${i}`).join(',')}])`,
        metrics: brokers,
      },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 2,
    },
    {
      name: 'msk-disk',
      description: 'An MSK broker has used over 80 % of its data volume.',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/Kafka',
      metricName: 'KafkaDataLogsDiskUsed',
      math: {
        expression: `MAX([${brokers.map((_, i) => `m${i}`).join(',')}])`,
        metrics: brokers,
      },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 80,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 1,
    },
  ];
}

/** The regional certificate's expiry: warnings at 30 and 15 days, critical at 7. */
function certificateAlarms(certificateArn: string): AlarmSpec[] {
  return CERTIFICATE_EXPIRY_DAYS.map((days) => ({
    name: `certificate-expiry-${days}d`,
    description: `The API certificate expires in ${days} days or less and ACM has not renewed it (check its DNS validation record).`,
    severity: days <= 7 ? AlarmSeverity.CRITICAL : AlarmSeverity.WARNING,
    namespace: 'AWS/CertificateManager',
    metricName: 'DaysToExpiry',
    dimensions: { CertificateArn: certificateArn },
    statistic: 'Minimum',
    comparison: 'LessThanOrEqualToThreshold',
    threshold: days,
    periodSeconds: DAY,
    evaluationPeriods: 1,
  }));
}

/** Depth and age alarms for one main queue (applied for each queue of the contract). */
export function queueAlarms(queueName: string): Record<'depth' | 'age', AlarmSpec> {
  return sqsAlarms(
    queueName,
    {
      description:
        'Over 1000 messages wait in a job queue for 15 minutes: consumers cannot keep up.',
      severity: AlarmSeverity.WARNING,
      threshold: 1000,
      evaluationPeriods: 3,
    },
    {
      description: 'The oldest job has waited over 15 minutes: consumers are stuck or down.',
      severity: AlarmSeverity.CRITICAL,
      threshold: 900,
      evaluationPeriods: 1,
    },
  );
}

/** One replicating bucket, as S3 names its replication metrics. */
export interface ReplicationTarget {
  /** The bucket's short name (`specs`, ...), for the alarm's name. */
  readonly bucket: string;
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
}

/** Replication Time Control's promise: every object in the other region within 15 minutes. */
const REPLICATION_TIME_CONTROL_SECONDS = 15 * MINUTE;

/**
 * Alarms on a bucket's replication to the other region (metrics published because the rule
 * has Replication Time Control with metrics): objects that failed to replicate, and
 * replication slower than the 15 minutes the RPO table counts on.
 */
export function replicationAlarms(target: ReplicationTarget): AlarmSpec[] {
  const dimensions = {
    SourceBucket: target.sourceBucket,
    DestinationBucket: target.destinationBucket,
    RuleId: target.ruleId,
  };
  return [
    {
      name: `s3-replication-failed-${target.bucket}`,
      description: `Objects of ${target.sourceBucket} failed to replicate to the other region: they have no copy there until re-replicated (S3 Batch Replication).`,
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/S3',
      metricName: 'OperationsFailedReplication',
      dimensions,
      statistic: 'Sum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 1,
    },
    {
      name: `s3-replication-latency-${target.bucket}`,
      description: `Replication of ${target.sourceBucket} is over 15 minutes behind for 10 minutes: the object RPO is not met.`,
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/S3',
      metricName: 'ReplicationLatency',
      dimensions,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: REPLICATION_TIME_CONTROL_SECONDS,
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 2,
    },
  ];
}

/**
 * Alarms on a DNSSEC-signed zone (Route53 publishes them in us-east-1): signing failing, or a
 * key-signing key needing action (its KMS key disabled, deleted or its policy changed).
 * Either, left alone, makes validating resolvers refuse the zone once signatures expire.
 */
export function dnssecAlarms(hostedZoneId: string): AlarmSpec[] {
  return [
    ['dnssec-internal-failure', 'DNSSECInternalFailure', 'Route53 cannot sign the zone'],
    [
      'dnssec-ksk-needs-action',
      'DNSSECKeySigningKeysNeedingAction',
      "A key-signing key needs action (its KMS key's state or policy)",
    ],
  ].map(([name, metricName, what]) => ({
    name,
    description: `${what}: validating resolvers will refuse the zone once its signatures expire.`,
    severity: AlarmSeverity.CRITICAL,
    namespace: 'AWS/Route53',
    metricName,
    dimensions: { HostedZoneId: hostedZoneId },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
  }));
}

/**
 * Alarms on what the region's failover runbook measured (it publishes RecoveryTimeSeconds and
 * RecoveryPointSeconds per global cluster after every move, drill or real): a move that took
 * longer than the RTO or lost more than the RPO. Silence between moves is health.
 */
export function recoveryObjectiveAlarms(globalClusterIdentifier: string): AlarmSpec[] {
  return (
    [
      [
        'recovery-time-missed',
        'RecoveryTimeSeconds',
        RECOVERY_OBJECTIVES.rtoSeconds,
        'took longer than the 15-minute RTO',
      ],
      [
        'recovery-point-missed',
        'RecoveryPointSeconds',
        RECOVERY_OBJECTIVES.rpoSeconds,
        'lost more than the 5-minute RPO',
      ],
    ] as const
  ).map(([name, metricName, threshold, what]) => ({
    name,
    description: `The last move of the database writer ${what}: the runbook's outputs and the drill's summary have the figures.`,
    severity: AlarmSeverity.WARNING,
    namespace: RECOVERY_METRIC_NAMESPACE,
    metricName,
    dimensions: { GlobalClusterIdentifier: globalClusterIdentifier },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
  }));
}

/**
 * Alarms on the secondary's MSK Replicator (its metrics are in its region): records over 2
 * minutes behind the primary's cluster for 3 minutes (the event RPO at risk), or failures.
 */
export function kafkaReplicationAlarms(replicatorName: string): AlarmSpec[] {
  const dimensions = { ReplicatorName: replicatorName };
  return [
    {
      name: 'msk-replication-latency',
      description:
        "Kafka records reach this region's cluster more than 2 minutes after the primary's for 3 minutes: the 5-minute RPO of events is at risk.",
      severity: AlarmSeverity.CRITICAL,
      namespace: 'AWS/Kafka',
      metricName: 'ReplicationLatency',
      dimensions,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 120_000,
      periodSeconds: MINUTE,
      evaluationPeriods: 3,
    },
    {
      name: 'msk-replicator-failure',
      description:
        'The MSK Replicator reports failures for 5 minutes: events stop reaching this region (see its logs and AuthError).',
      severity: AlarmSeverity.WARNING,
      namespace: 'AWS/Kafka',
      metricName: 'ReplicatorFailure',
      dimensions,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: MINUTE,
      evaluationPeriods: 5,
    },
  ];
}
