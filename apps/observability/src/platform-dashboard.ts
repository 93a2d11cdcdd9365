import { AlarmTargets, redisNodeIds } from './platform-alarms';

/** A CloudWatch dashboard widget (the subset Strata uses). */
interface MetricWidget {
  readonly type: 'metric';
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly stat: string;
    readonly period: number;
    readonly metrics: ReadonlyArray<ReadonlyArray<string | Record<string, unknown>>>;
  };
}

export interface DashboardInput extends AlarmTargets {
  readonly region: string;
  readonly healthCheckId: string;
}

/**
 * The platform dashboard of one region, top to bottom in the order an on-call engineer
 * reads it: is the API up (health check, canaries), how does it serve (requests, errors,
 * latency), and are the data stores healthy.
 */
export function platformDashboardBody(input: DashboardInput): string {
  const widget = (
    title: string,
    stat: string,
    metrics: MetricWidget['properties']['metrics'],
    region = input.region,
  ): MetricWidget => ({
    type: 'metric',
    width: 12,
    height: 6,
    properties: { title, region, stat, period: 60, metrics },
  });
  const lb = input.loadBalancerArnSuffix;
  const widgets: MetricWidget[] = [
    // Route53 health-check metrics live in us-east-1 whatever the region.
    widget(
      'Route53 health check (1 = healthy)',
      'Minimum',
      [['AWS/Route53', 'HealthCheckStatus', 'HealthCheckId', input.healthCheckId]],
      'us-east-1',
    ),
    widget(
      'Canary success %',
      'Average',
      input.canaryNames.map((name) => [
        'CloudWatchSynthetics',
        'SuccessPercent',
        'CanaryName',
        name,
      ]),
    ),
    widget('API requests and 5xx', 'Sum', [
      ['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', lb],
      ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', lb],
      ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', lb],
    ]),
    widget('API latency p99 (s)', 'p99', [
      ['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', lb],
    ]),
    widget('Aurora CPU % and replica lag (ms)', 'Maximum', [
      ['AWS/RDS', 'CPUUtilization', 'DBClusterIdentifier', input.databaseClusterIdentifier],
      [
        'AWS/RDS',
        'AuroraReplicaLagMaximum',
        'DBClusterIdentifier',
        input.databaseClusterIdentifier,
        { yAxis: 'right' },
      ],
    ]),
    widget('DynamoDB throttles', 'Sum', [
      ['AWS/DynamoDB', 'ReadThrottleEvents', 'TableName', input.tableName],
      ['AWS/DynamoDB', 'WriteThrottleEvents', 'TableName', input.tableName],
    ]),
    widget(
      'Redis memory % per node',
      'Maximum',
      redisNodeIds(
        input.redisReplicationGroupId,
        input.redisShards,
        input.redisReplicasPerShard,
      ).map((node) => ['AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'CacheClusterId', node]),
    ),
    widget(
      'Redis cache hit rate % per node',
      'Average',
      redisNodeIds(
        input.redisReplicationGroupId,
        input.redisShards,
        input.redisReplicasPerShard,
      ).map((node) => ['AWS/ElastiCache', 'CacheHitRate', 'CacheClusterId', node]),
    ),
    widget('OpenSearch cluster status (1 = in that state)', 'Maximum', [
      [
        'AWS/ES',
        'ClusterStatus.red',
        'DomainName',
        input.searchDomainName,
        'ClientId',
        input.accountId,
      ],
      [
        'AWS/ES',
        'ClusterStatus.yellow',
        'DomainName',
        input.searchDomainName,
        'ClientId',
        input.accountId,
      ],
      [
        'AWS/ES',
        'ClusterIndexWritesBlocked',
        'DomainName',
        input.searchDomainName,
        'ClientId',
        input.accountId,
      ],
    ]),
    widget('MSK offline partitions', 'Maximum', [
      ['AWS/Kafka', 'OfflinePartitionsCount', 'Cluster Name', input.kafkaClusterName],
    ]),
    widget('API certificate: days to expiry', 'Minimum', [
      ['AWS/CertificateManager', 'DaysToExpiry', 'CertificateArn', input.certificateArn],
    ]),
    widget('EKS failed nodes', 'Maximum', [
      ['ContainerInsights', 'cluster_failed_node_count', 'ClusterName', input.clusterName],
    ]),
  ];
  return JSON.stringify({ widgets });
}
