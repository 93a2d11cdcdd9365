import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';

/** Properties of {@link WriterGuardedHealthCheck}. */
export interface WriterGuardedHealthCheckProps {
  /** Name of the alarm and display name of the health checks. */
  readonly name: string;
  /** The health check of this region's endpoint (its load balancer). */
  readonly endpointHealthCheckId: string;
  /** This region's Aurora cluster, a member of the global database. */
  readonly databaseClusterIdentifier: string;
  /** The region of the cluster and the alarm. */
  readonly region: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A health check that passes only while this region's endpoint answers and its Aurora cluster
 * is the global database's writer, for the primary record of failover routing: traffic comes
 * back to the primary region only after the writer has, never ahead of it (writes would fail
 * there in between). Aurora publishes `AuroraGlobalDBReplicationLag` only for a cluster that
 * replicates from another region, so datapoints of it are the sign that the writer is
 * elsewhere; the alarm on them is a Route53 health check, combined with the endpoint's.
 */
export class WriterGuardedHealthCheck extends Construct {
  /** The combined health check's ID (for the record). */
  readonly healthCheckId: string;
  /** The alarm that is in ALARM while the writer is in another region. */
  readonly writerElsewhereAlarmName: string;

  constructor(scope: Construct, id: string, props: WriterGuardedHealthCheckProps) {
    super(scope, id);
    const provider = props.provider;
    // Not a notification: Route53 reads it. No datapoint means this cluster is the writer.
    const alarm = new CloudwatchMetricAlarm(this, 'writer-elsewhere', {
      provider,
      alarmName: `${props.name}-writer-elsewhere`,
      alarmDescription: `${props.databaseClusterIdentifier} replicates from another region: the global writer is not here`,
      namespace: 'AWS/RDS',
      metricName: 'AuroraGlobalDBReplicationLag',
      dimensions: { DBClusterIdentifier: props.databaseClusterIdentifier },
      statistic: 'SampleCount',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      period: 60,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
    });
    const writerHere = new Route53HealthCheck(this, 'writer-here', {
      provider,
      type: 'CLOUDWATCH_METRIC',
      cloudwatchAlarmName: alarm.alarmName,
      cloudwatchAlarmRegion: props.region,
      // Route53 cannot read the alarm when the region is down; the endpoint check decides then.
      insufficientDataHealthStatus: 'Healthy',
      tags: { Name: `${props.name}-writer-here` },
    });
    const combined = new Route53HealthCheck(this, 'combined', {
      provider,
      type: 'CALCULATED',
      childHealthchecks: [props.endpointHealthCheckId, writerHere.id],
      // Both must pass.
      childHealthThreshold: 2,
      tags: { Name: `${props.name}-endpoint-and-writer` },
    });
    this.node.defaultChild = combined;
    this.healthCheckId = combined.id;
    this.writerElsewhereAlarmName = alarm.alarmName;
  }
}
