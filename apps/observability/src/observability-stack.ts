import { join } from 'node:path';
import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import {
  canaryName,
  EnvironmentConfig,
  findWorkspaceRoot,
  frontDoorHosts,
  regionIndexOf,
  replicatesData,
} from '@strata/config';
import {
  CLUSTER_CONTRACT,
  DATA_CONTRACT,
  EDGE_CONTRACT,
  exportLayerContract,
  LayerStack,
  OBSERVABILITY_CONTRACT,
  readLayerContract,
} from '@strata/core';
import {
  AccessLogBucket,
  allOf,
  anyOf,
  AlarmSeverity,
  AuditTrail,
  CompositeAlarm,
  ConfigRecorder,
  CostGuard,
  FindingRouting,
  GuardDutyRegionWatch,
  HealthCanary,
  MAX_DATA_STORE_ZONES,
  MetricAlarm,
  SecureBucket,
  ThreatDetection,
  FindingRemediation,
  PCI_DSS_STANDARD,
  TraceSampling,
} from '@strata/constructs';
import { AlarmTopics } from './alarm-topics';
import { configServiceRoleArn, ObservabilityKeys } from './observability-keys';
import {
  auditAlarms,
  deadLetterAlarms,
  platformAlarms,
  queueAlarms,
  ROUTE53_METRICS_REGION,
} from './platform-alarms';
import { RecoveryAlarms } from './recovery-alarms';
import { platformDashboardBody } from './platform-dashboard';
import { componentLogGroupName, PLATFORM_COMPONENTS } from '@strata/constructs/vocabulary';

export interface ObservabilityStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/** Where Budgets and Cost Explorer are served from. */
const BILLING_REGION = 'us-east-1';

/**
 * One region's observability: log groups, alarms routed to critical and warning topics,
 * composite alarms, a dashboard, X-Ray, canaries and the regional security services. The
 * primary region's stack also owns what is account-wide: the multi-region CloudTrail
 * trail, AWS Config's global rules, Security Hub aggregation and the cost budget.
 */
export class ObservabilityStack extends LayerStack {
  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, {
      environment: props.environment,
      layer: 'observability',
      region: props.region,
    });
    const env = props.environment;
    const settings = env.observability;
    const region = props.region;
    const isPrimary = regionIndexOf(env, region) === 0;
    const read = { environment: env, scope: region };
    const cluster = readLayerContract(this, 'cluster', CLUSTER_CONTRACT, read);
    const data = readLayerContract(this, 'data', DATA_CONTRACT, read);
    const edge = readLayerContract(this, 'edge', EDGE_CONTRACT, read);
    const keys = new ObservabilityKeys(this, 'keys', this);
    const topics = new AlarmTopics(this, 'topics', this, keys);
    const alarmNamePrefix = this.naming.prefix;

    new TraceSampling(this, 'tracing', {
      namePrefix: this.naming.prefix,
      sampleRate: settings.traceSampleRate,
      healthCheckPath: env.edge.healthCheckPath,
      kmsKey: keys.keyOf('telemetry'),
      setAccountEncryption: settings.accountServices,
    });

    // Canaries: this region's own host always; the routed host once, from the primary.
    const artifactsName = this.naming.bucketName('canary-artifacts', env.accountId);
    // Who read the canaries' evidence is recorded like every other bucket's access.
    const accessLogs = new AccessLogBucket(this, 'access-logs', {
      bucketName: this.naming.bucketName('obs-access-logs', env.accountId),
      sourceBucketNames: [artifactsName],
      accountId: env.accountId,
    });
    const artifacts = new SecureBucket(this, 'canary-artifacts', {
      bucketName: artifactsName,
      kmsKey: keys.keyOf('telemetry'),
      accountId: env.accountId,
      accessLogBucketName: accessLogs.logTargetName,
      // Canary screenshots and HAR files are disposable evidence of recent runs.
      temporaryObjects: { prefix: 'canary/', expireAfterDays: 31 },
    });
    const canaryTargets = [{ name: canaryName(env, region, 'api'), host: edge.regionalHostname }];
    if (isPrimary) {
      canaryTargets.push({ name: canaryName(env, region, 'routed'), host: edge.apiHostname });
    }
    // The secondary of a replicated environment watches the primary region's own host: half
    // of the signal that the primary region is gone.
    const watchesPrimary = !isPrimary && replicatesData(env);
    const peerCanary = canaryName(env, region, 'peer');
    if (watchesPrimary) {
      canaryTargets.push({
        name: peerCanary,
        host: frontDoorHosts(env, env.primaryRegion.name).regional,
      });
    }
    // Alarms are named and keyed by the canaries' plain names: a construct id built from a
    // Terraform token changes whenever unrelated code allocates tokens in another order.
    const canaries = canaryTargets.map(({ name, host }) => {
      new HealthCanary(this, `canary-${name}`, {
        canaryName: name,
        urls: [`https://${host}${env.edge.healthCheckPath}`],
        scriptFile: join(findWorkspaceRoot(__dirname), 'apps/observability/canary/health-check.js'),
        intervalMinutes: settings.canaryIntervalMinutes,
        artifactBucketName: artifacts.bucketName,
        artifactKmsKey: keys.keyOf('telemetry'),
        accountId: env.accountId,
        region,
      });
      return name;
    });

    // Metric alarms, then composites that combine them.
    const targets = {
      clusterName: cluster.clusterName,
      databaseClusterIdentifier: data.databaseClusterIdentifier,
      globalDatabaseSecondary: replicatesData(env) && !isPrimary,
      tableName: data.tableName,
      tableReplicaRegions: replicatesData(env)
        ? env.regions.map((each) => each.name).filter((name) => name !== region)
        : [],
      redisReplicationGroupId: data.redisReplicationGroupId,
      redisShards: env.data.redis.shards,
      redisReplicasPerShard: env.data.redis.replicasPerShard,
      loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
      targetGroupArnSuffix: edge.targetGroupArnSuffix,
      canaryNames: canaries,
      canaryIntervalMinutes: settings.canaryIntervalMinutes,
      accountId: env.accountId,
      searchDomainName: data.searchDomainName,
      searchVolumeGib: env.data.openSearch.volumeGib,
      kafkaClusterName: data.kafkaClusterName,
      kafkaBrokers:
        env.data.kafka.brokersPerAz * Math.min(env.network.azCount, MAX_DATA_STORE_ZONES),
      certificateArn: edge.apiCertificateArn,
      restoreValidationFunctionName: data.restoreValidationFunctionName,
    };
    const alarms = new Map(
      platformAlarms(targets).map((spec) => [
        spec.name,
        new MetricAlarm(this, `alarm-${spec.name}`, {
          alarmNamePrefix,
          spec,
          topicArn: topics.arnOf(spec.severity),
        }),
      ]),
    );
    // Dead-letter and main queues: one alarm per queue name of the contract, by kind.
    for (const [suffix, names, alarmsOf] of [
      ['dlq', data.deadLetterQueueNames, deadLetterAlarms],
      ['queue', data.queueNames, queueAlarms],
    ] as const) {
      const queues = TerraformIterator.fromList(names);
      for (const [kind, spec] of Object.entries(alarmsOf(Token.asString(queues.value)))) {
        new MetricAlarm(this, `alarm-${kind}-${suffix}`, {
          alarmNamePrefix,
          spec,
          topicArn: topics.arnOf(spec.severity),
          forEach: queues,
        });
      }
    }
    new MetricAlarm(this, 'alarm-health-check', {
      alarmNamePrefix,
      provider: this.providerFor(ROUTE53_METRICS_REGION),
      topicArn: topics.arnOf(AlarmSeverity.CRITICAL, ROUTE53_METRICS_REGION),
      spec: {
        name: 'route53-health-check',
        description: `Route53 sees ${region} as unhealthy: DNS is moving traffic away from it.`,
        severity: AlarmSeverity.CRITICAL,
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensions: { HealthCheckId: edge.healthCheckId },
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 1,
      },
    });
    const nameOf = (spec: string) => {
      const alarm = alarms.get(spec);
      if (!alarm) throw new Error(`No alarm "${spec}" to combine`);
      return alarm.alarmName;
    };
    // Two independent signals agreeing pages: the canary fails, and the load balancer either
    // answers with errors, has no healthy target, or gets no request at all (then the fault is
    // in front of it, and 5xx alone would stay silent).
    new CompositeAlarm(this, 'composite-api-down', {
      alarmName: `${alarmNamePrefix}-api-down`,
      description: `The API in ${region} is failing for users: the canary fails and the ALB errors, has no healthy target or receives nothing.`,
      severity: AlarmSeverity.CRITICAL,
      rule: allOf(
        nameOf(`canary-${canaries[0]}`),
        anyOf(nameOf('alb-5xx-rate'), nameOf('alb-no-healthy-targets'), nameOf('alb-no-requests')),
      ),
      topicArn: topics.arnOf(AlarmSeverity.CRITICAL),
    });
    // What recovery needs watched, and the automatic failover in the secondary.
    new RecoveryAlarms(this, 'recovery', {
      stack: this,
      topics,
      alarmNamePrefix,
      hostedZoneId: edge.hostedZoneId,
      globalClusterIdentifier: data.globalClusterIdentifier,
      failoverRunbook: { name: data.failoverRunbookName, roleArn: data.failoverRunbookRoleArn },
      primaryDownSignals: watchesPrimary
        ? [nameOf(`canary-${peerCanary}`), nameOf('aurora-global-silent')]
        : undefined,
    });
    new CompositeAlarm(this, 'composite-data-degraded', {
      alarmName: `${alarmNamePrefix}-data-degraded`,
      description: `A data store in ${region} is near its capacity.`,
      severity: AlarmSeverity.WARNING,
      rule: anyOf(
        ...[...alarms.keys()].filter((name) => /^(aurora|dynamodb|redis)-/.test(name)).map(nameOf),
      ),
      topicArn: topics.arnOf(AlarmSeverity.WARNING),
    });

    const dashboardName = `${this.naming.prefix}-platform`;
    new CloudwatchDashboard(this, 'dashboard', {
      dashboardName,
      dashboardBody: platformDashboardBody({
        ...targets,
        region,
        healthCheckId: edge.healthCheckId,
      }),
    });

    if (settings.accountServices) {
      this.addSecurityServices(isPrimary, data.auditBucketName, keys, topics);
    }
    if (isPrimary) {
      new CostGuard(this, 'cost', {
        name: `${env.project}-${env.name}`,
        monthlyLimitUsd: env.budget.monthlyLimitUsd,
        alertEmails: env.budget.alertEmails,
        warningTopicArn: topics.arnOf(AlarmSeverity.WARNING),
        criticalTopicArn: topics.arnOf(AlarmSeverity.CRITICAL),
        // The anomaly monitor per service exists once per account, with its other services.
        anomalyMonitor: settings.accountServices,
        provider: this.providerFor(BILLING_REGION),
      });
    }

    exportLayerContract(this, OBSERVABILITY_CONTRACT, {
      criticalTopicArn: topics.arnOf(AlarmSeverity.CRITICAL),
      warningTopicArn: topics.arnOf(AlarmSeverity.WARNING),
      logsKeyArn: keys.arnOf('logs'),
      // The data layer creates them, with their archive.
      applicationLogGroupNames: PLATFORM_COMPONENTS.map((component) =>
        componentLogGroupName(env.name, component),
      ),
      dashboardName,
    });
  }

  /** GuardDuty, Security Hub and AWS Config here; the trail and account-wide rules from the primary. */
  private addSecurityServices(
    isPrimary: boolean,
    auditBucketName: string,
    keys: ObservabilityKeys,
    topics: AlarmTopics,
  ): void {
    const env = this.environment;
    const secondary = env.secondaryRegion;
    new ThreatDetection(this, 'threat-detection', {
      region: this.region,
      analyzerName: this.naming.name('access'),
      aggregateRegions: isPrimary && secondary ? [secondary.name] : undefined,
      additionalStandards: env.observability.pciDss ? [PCI_DSS_STANDARD] : [],
    });
    if (isPrimary) {
      // Regions the platform runs nothing in: GuardDuty only, its findings routed from here.
      const own = env.regions.map((each) => each.name);
      const watched = env.observability.guardDutyRegions.filter((name) => !own.includes(name));
      if (watched.length > 0) {
        new GuardDutyRegionWatch(this, 'guardduty-regions', {
          namePrefix: this.naming.prefix,
          regions: watched.map((name) => ({ region: name, provider: this.providerFor(name) })),
        });
      }
    }
    // A defined set of findings is fixed on arrival; the rest reach people.
    const remediation = new FindingRemediation(this, 'finding-remediation', {
      name: this.naming.name('finding-remediation'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays: env.observability.logRetentionDays,
    });
    new MetricAlarm(this, 'alarm-finding-remediation-failed', {
      alarmNamePrefix: this.naming.prefix,
      topicArn: topics.arnOf(AlarmSeverity.WARNING),
      spec: {
        name: 'finding-remediation-failed',
        description:
          'A Security Hub finding the platform fixes automatically could not be fixed: it is still NEW in Security Hub, and the function log says why.',
        severity: AlarmSeverity.WARNING,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: remediation.functionName },
        statistic: 'Sum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        // It runs only when such a finding arrives; silence is health, not missing data.
        treatMissingData: 'notBreaching',
      },
    });
    // Findings reach the people who hear alarms, not only the console.
    new FindingRouting(this, 'finding-routing', {
      namePrefix: this.naming.prefix,
      criticalTopicArn: topics.arnOf(AlarmSeverity.CRITICAL),
      warningTopicArn: topics.arnOf(AlarmSeverity.WARNING),
    });
    // The service-linked role is account-wide: the primary creates it, every region uses it.
    const configRole = isPrimary
      ? new IamServiceLinkedRole(this, 'config-service-role', {
          awsServiceName: 'config.amazonaws.com',
        })
      : undefined;
    new ConfigRecorder(this, 'config', {
      recorderName: this.naming.name('config'),
      roleArn: configRole?.arn ?? configServiceRoleArn(this),
      bucketName: auditBucketName,
      kmsKey: keys.keyOf('audit'),
      recordGlobalResources: isPrimary,
    });
    if (!isPrimary) return;
    const trail = new AuditTrail(this, 'audit-trail', {
      trailName: this.naming.name('audit'),
      bucketName: auditBucketName,
      kmsKey: keys.keyOf('audit'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays: Math.max(env.observability.logRetentionDays, 365),
      accountId: env.accountId,
      region: this.region,
    });
    for (const spec of auditAlarms()) {
      new MetricAlarm(this, `alarm-${spec.name}`, {
        alarmNamePrefix: this.naming.prefix,
        spec,
        topicArn: topics.arnOf(spec.severity),
      }).node.addDependency(trail);
    }
  }
}
