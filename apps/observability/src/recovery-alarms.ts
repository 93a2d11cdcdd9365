import { Construct } from 'constructs';
import { kafkaReplicatorName, ownsHostedZone, replicatesData } from '@strata/config';
import { CONTENT_BUCKETS, dataBucketNames, LayerStack } from '@strata/core';
import {
  AlarmSeverity,
  AlarmSpec,
  allOf,
  AutomaticFailover,
  CompositeAlarm,
  MetricAlarm,
  REPLICATION_RULE_ID,
} from '@strata/constructs';
import { AlarmTopics } from './alarm-topics';
import {
  dnssecAlarms,
  kafkaReplicationAlarms,
  recoveryObjectiveAlarms,
  replicationAlarms,
  ROUTE53_METRICS_REGION,
} from './platform-alarms';

export interface RecoveryAlarmsProps {
  readonly stack: LayerStack;
  readonly topics: AlarmTopics;
  readonly alarmNamePrefix: string;
  /** The environment's zone (the edge contract's). */
  readonly hostedZoneId: string;
  /** The global database (the data contract's; empty without one). */
  readonly globalClusterIdentifier: string;
  /** This region's failover runbook and the role it runs as (the data contract's). */
  readonly failoverRunbook: { readonly name: string; readonly roleArn: string };
  /**
   * In the secondary of a replicated environment: the alarms that together say the primary
   * region is gone (its own host failing from here, its database silent here).
   */
  readonly primaryDownSignals?: readonly string[];
}

/**
 * What recovery depends on, watched: DNSSEC signing of the zone the primary creates, the
 * content buckets' replication, what each move of the writer cost (the runbook's figures),
 * and in the secondary the Kafka replicator and the signal that the primary region is gone, which pages and, with
 * `data.automaticFailover`, starts the failover runbook here.
 */
export class RecoveryAlarms extends Construct {
  constructor(scope: Construct, id: string, props: RecoveryAlarmsProps) {
    super(scope, id);
    const { stack, topics, alarmNamePrefix } = props;
    const env = stack.environment;
    const isPrimary = stack.region === env.primaryRegion.name;
    const alarm = (spec: AlarmSpec, region?: string) =>
      new MetricAlarm(this, `alarm-${spec.name}`, {
        alarmNamePrefix,
        spec,
        provider: region ? stack.providerFor(region) : undefined,
        topicArn: topics.arnOf(spec.severity, region),
      });

    if (isPrimary && ownsHostedZone(env)) {
      for (const spec of dnssecAlarms(props.hostedZoneId)) alarm(spec, ROUTE53_METRICS_REGION);
    }
    const secondary = env.secondaryRegion;
    if (isPrimary && replicatesData(env) && secondary) {
      // The source region publishes the replication metrics.
      const sources = dataBucketNames(stack.naming, env.accountId).content;
      const replicas = dataBucketNames(stack.namingFor(secondary.name), env.accountId).replicas;
      for (const bucket of CONTENT_BUCKETS) {
        replicationAlarms({
          bucket,
          sourceBucket: sources[bucket],
          destinationBucket: replicas[bucket],
          ruleId: REPLICATION_RULE_ID,
        }).forEach((spec) => alarm(spec));
      }
    }
    if (!replicatesData(env)) return;
    // Every region that can take the writer has its runbook, which reports what each move cost.
    recoveryObjectiveAlarms(props.globalClusterIdentifier).forEach((spec) => alarm(spec));

    if (!props.primaryDownSignals) return;
    // The secondary's replicator copies the primary's events here.
    kafkaReplicationAlarms(kafkaReplicatorName(env, stack.region)).forEach((spec) => alarm(spec));
    const automatic = env.data.automaticFailover;
    const signal = new CompositeAlarm(this, 'composite-primary-down', {
      alarmName: `${alarmNamePrefix}-primary-region-down`,
      description: `The primary region ${env.primaryRegion.name} is unreachable from ${stack.region} and its database stopped replicating here.${automatic ? ' The failover runbook is moving the writer here.' : ' Run the failover runbook here (docs/data.md).'}`,
      severity: AlarmSeverity.CRITICAL,
      rule: allOf(...props.primaryDownSignals),
      topicArn: topics.arnOf(AlarmSeverity.CRITICAL),
    });
    if (automatic) {
      new AutomaticFailover(this, 'automatic-failover', {
        name: stack.naming.name('automatic-failover'),
        signalAlarmArn: signal.alarmArn,
        runbookName: props.failoverRunbook.name,
        runbookRoleArn: props.failoverRunbook.roleArn,
      });
    }
  }
}
