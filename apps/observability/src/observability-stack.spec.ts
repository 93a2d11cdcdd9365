import { Testing } from 'cdktf';
import {
  canaryName,
  DEFAULT_ENABLED_REGIONS,
  EnvironmentConfig,
  exampleEnvironment,
  frontDoorHosts,
} from '@strata/config';
import {
  OBSERVABILITY_CONTRACT,
  onlyResource,
  policyOf,
  outputNames,
  remoteStateKeys,
  resourceList,
  SynthesizedStack,
  synthesizeStack,
} from '@strata/core';
import {
  BUDGET_ALERT_PERCENTAGES,
  GLOBAL_CONFIG_RULES,
  GUARDDUTY_FEATURES,
  GUARDDUTY_FINDING_PATTERN,
  PCI_DSS_STANDARD,
  INSPECTOR_RESOURCE_TYPES,
  SECURITY_HUB_STANDARDS,
  REGIONAL_CONFIG_RULES,
} from '@strata/constructs';
import { evaluateAlarmRule } from '@strata/constructs/testing';
import { ObservabilityStack } from './observability-stack';
import { redisNodeIds } from './platform-alarms';

function synthObservability(
  environment: EnvironmentConfig,
  region = 'us-east-1',
): SynthesizedStack {
  return synthesizeStack(
    new ObservabilityStack(Testing.app(), `observability-${environment.name}-${region}`, {
      environment,
      region,
    }),
  );
}

type Resource = Record<string, unknown>;
const all = resourceList;

const prod = exampleEnvironment();
const primary = synthObservability(prod);
const secondary = synthObservability(prod, 'us-west-2');
const alarmNamed = (json: SynthesizedStack, suffix: string) => {
  const alarm = all(json, 'aws_cloudwatch_metric_alarm').find((candidate) =>
    String(candidate.alarm_name).endsWith(`-${suffix}`),
  );
  if (!alarm) throw new Error(`no alarm ending in ${suffix}`);
  return alarm;
};

describe('ObservabilityStack contract and logs', () => {
  it.each([
    ['primary', primary],
    ['secondary', secondary],
  ])('the %s exports exactly the observability contract', (_, json) => {
    expect(outputNames(json)).toEqual(Object.keys(OBSERVABILITY_CONTRACT.outputs).sort());
  });

  it('reads cluster, data and edge of its own region only', () => {
    expect(remoteStateKeys(secondary)).toEqual([
      'cluster/prod/us-west-2/terraform.tfstate',
      'data/prod/us-west-2/terraform.tfstate',
      'edge/prod/us-west-2/terraform.tfstate',
    ]);
  });

  it('encrypts every log group with KMS and keeps it for the tier retention', () => {
    const groups = all(primary, 'aws_cloudwatch_log_group');
    expect(groups.length).toBeGreaterThanOrEqual(1);
    for (const group of groups) {
      expect(group.kms_key_id).toBeDefined();
      expect(group.retention_in_days).toBeGreaterThanOrEqual(365);
    }
    // The components' groups belong to the cluster layer, beside their log agent.
    expect(groups.map((group) => String(group.name))).not.toContain('/strata/prod/gateway');
  });
});

describe('ObservabilityStack alarms', () => {
  it('watches Aurora CPU and replica lag, DynamoDB throttles and Redis memory and evictions', () => {
    expect(alarmNamed(primary, 'aurora-cpu')).toMatchObject({
      metric_name: 'CPUUtilization',
      threshold: 80,
      comparison_operator: 'GreaterThanThreshold',
      evaluation_periods: 3,
      period: 300,
    });
    expect(alarmNamed(primary, 'aurora-replica-lag')).toMatchObject({ threshold: 1000 });
    expect(alarmNamed(primary, 'dynamodb-write-throttles')).toMatchObject({
      metric_name: 'WriteThrottleEvents',
      statistic: 'Sum',
    });
    const memory = alarmNamed(primary, 'redis-memory') as {
      threshold: number;
      metric_query: Resource[];
    };
    expect(memory.threshold).toBe(80);
    // One metric per node (3 shards x 3 nodes in production) plus the MAX expression.
    expect(memory.metric_query).toHaveLength(prod.data.redis.shards * 3 + 1);
    expect(alarmNamed(primary, 'redis-evictions')).toMatchObject({ threshold: 100 });
  });

  it('splits node metrics into alarms of at most 10 metrics', () => {
    expect(redisNodeIds('g', 2, 1)).toEqual([
      'g-0001-001',
      'g-0001-002',
      'g-0002-001',
      'g-0002-002',
    ]);
    const big = exampleEnvironment({ data: { redis: { shards: 6, replicasPerShard: 2 } } });
    const names = all(synthObservability(big), 'aws_cloudwatch_metric_alarm')
      .map((alarm) => String(alarm.alarm_name))
      .filter((name) => name.includes('redis-memory'));
    expect(names).toHaveLength(2);
  });

  it('guards the 5-minute RPO with a global replication lag alarm in the secondary only', () => {
    expect(alarmNamed(secondary, 'aurora-global-lag')).toMatchObject({
      metric_name: 'AuroraGlobalDBReplicationLag',
      threshold: 120000,
    });
    expect(() => alarmNamed(primary, 'aurora-global-lag')).toThrow();
  });

  it('alarms on every dead-letter and job queue for depth and age', () => {
    const perQueue = all(primary, 'aws_cloudwatch_metric_alarm').filter(
      (alarm) => alarm.for_each !== undefined,
    );
    const over = (list: string) =>
      perQueue
        .filter((alarm) => String(alarm.for_each).includes(`.${list}`))
        .map((alarm) => alarm.metric_name)
        .sort();
    const depthAndAge = ['ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible'];
    expect(over('deadLetterQueueNames')).toEqual(depthAndAge);
    expect(over('queueNames')).toEqual(depthAndAge);
  });

  it('alarms on OpenSearch health, MSK partitions and disk, Redis hit rate and certificate expiry', () => {
    expect(alarmNamed(primary, 'opensearch-red')).toMatchObject({
      namespace: 'AWS/ES',
      metric_name: 'ClusterStatus.red',
      dimensions: {
        DomainName: expect.stringContaining('searchDomainName'),
        ClientId: '333333333333',
      },
    });
    for (const name of [
      'opensearch-yellow',
      'opensearch-writes-blocked',
      'opensearch-free-storage',
      'msk-offline-partitions',
      'msk-under-replicated',
      'msk-disk',
      'redis-hit-rate',
    ]) {
      expect([name, alarmNamed(primary, name)]).toEqual([name, expect.anything()]);
    }
    // Three brokers (one per AZ) in prod: one metric per broker.
    const disk = alarmNamed(primary, 'msk-disk') as { metric_query: unknown[] };
    expect(disk.metric_query).toHaveLength(4);
    const expiry = ['30', '15', '7'].map((days) =>
      alarmNamed(primary, `certificate-expiry-${days}d`),
    );
    expect(expiry.map((alarm) => alarm.threshold)).toEqual([30, 15, 7]);
    expect(String(expiry[2].alarm_actions)).toContain('critical');
  });

  it('alarms on ALB 5xx rate, p99 latency and healthy targets, and on failed EKS nodes', () => {
    const rate = alarmNamed(primary, 'alb-5xx-rate') as { metric_query: Array<Resource> };
    expect(rate.metric_query[0].expression).toContain('100 * ');
    expect(rate.metric_query[0].expression).toContain('/ FILL(m2, 1)');
    // The seeds: alert when more than 1 % of requests fail (the expression is in percent).
    expect(rate).toMatchObject({ threshold: 1, comparison_operator: 'GreaterThanThreshold' });
    expect(alarmNamed(primary, 'alb-latency-p99')).toMatchObject({
      extended_statistic: 'p99',
      threshold: 1.5,
    });
    expect(alarmNamed(primary, 'alb-no-healthy-targets')).toMatchObject({
      treat_missing_data: 'breaching',
      comparison_operator: 'LessThanThreshold',
    });
    expect(alarmNamed(primary, 'eks-failed-nodes')).toMatchObject({
      namespace: 'ContainerInsights',
      metric_name: 'cluster_failed_node_count',
    });
  });

  it('routes every alarm to the critical or warning topic of its severity', () => {
    for (const alarm of all(primary, 'aws_cloudwatch_metric_alarm')) {
      const severity = String(alarm.alarm_description).match(/^\[(critical|warning)\]/)?.[1];
      expect(severity).toBeDefined();
      expect(alarm.alarm_actions).toEqual(alarm.ok_actions);
      expect(String((alarm.alarm_actions as string[])[0])).toContain(`topics_${severity}`);
    }
  });

  it('pages on the API when the canary fails and the ALB errors, has no target or gets no request', () => {
    const composites = all(primary, 'aws_cloudwatch_composite_alarm');
    const apiDown = composites.find((alarm) => String(alarm.alarm_name).endsWith('api-down'));
    const rule = String(apiDown?.alarm_rule);
    // The rule names its children by reference (so Terraform creates them first).
    const alarmResources = Object.entries(
      (primary.resource as Record<string, Record<string, Resource>>).aws_cloudwatch_metric_alarm,
    );
    const nameOf = (pattern: RegExp) => {
      const found = alarmResources.filter(([, alarm]) => pattern.test(String(alarm.alarm_name)));
      expect(found).toHaveLength(1);
      return `\${aws_cloudwatch_metric_alarm.${found[0][0]}.alarm_name}`;
    };
    const canary = nameOf(new RegExp(`-canary-${canaryName(prod, 'us-east-1', 'api')}$`));
    // Nothing reaches the load balancer: RequestCount has no datapoint, which its alarm
    // counts as breaching, while 5xx (no requests, no errors) and the targets stay OK.
    const noRequests = alarmNamed(primary, 'alb-no-requests');
    expect(noRequests).toMatchObject({
      metric_name: 'RequestCount',
      treat_missing_data: 'breaching',
    });
    expect(Number(noRequests.period)).toBeGreaterThanOrEqual(
      60 * prod.observability.canaryIntervalMinutes,
    );
    const fires = (...alarms: string[]) => evaluateAlarmRule(rule, new Set(alarms));
    expect(fires(canary, nameOf(/-alb-no-requests$/))).toBe(true);
    expect(fires(canary, nameOf(/-alb-5xx-rate$/))).toBe(true);
    expect(fires(canary, nameOf(/-alb-no-healthy-targets$/))).toBe(true);
    // One signal alone does not page.
    expect(fires(canary)).toBe(false);
    expect(fires(nameOf(/-alb-5xx-rate$/), nameOf(/-alb-no-requests$/))).toBe(false);
  });

  it('puts Route53 alarms in us-east-1', () => {
    const health = alarmNamed(secondary, 'route53-health-check');
    expect(health).toMatchObject({ namespace: 'AWS/Route53', threshold: 1 });
    expect(health.provider).toBe('aws.use1');
  });

  it('encrypts the topics, allows only account services to publish and denies plain HTTP', () => {
    for (const topic of all(primary, 'aws_sns_topic'))
      expect(topic.kms_master_key_id).toBeDefined();
    const statements = policyOf(all(primary, 'aws_sns_topic_policy')[0]).Statement;
    expect(statements.find((statement) => statement.Sid === 'DenyInsecureTransport')).toMatchObject(
      {
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': false } },
      },
    );
    const subscriptions = all(primary, 'aws_sns_topic_subscription');
    expect(subscriptions.map((subscription) => subscription.protocol)).toContain('email');
  });
});

describe('ObservabilityStack automatic failover', () => {
  const alarmKey = (json: SynthesizedStack, type: string, pattern: RegExp) => {
    const found = Object.entries(
      (json.resource as Record<string, Record<string, Resource>>)[type] ?? {},
    ).filter(([, alarm]) => pattern.test(String(alarm.alarm_name)));
    expect(found).toHaveLength(1);
    return found[0][0];
  };

  it('signals that the primary region is gone when its API fails from the secondary and its database stops replicating', () => {
    const silent = alarmNamed(secondary, 'aurora-global-silent');
    expect(silent).toMatchObject({
      metric_name: 'AuroraGlobalDBReplicationLag',
      statistic: 'SampleCount',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
    });
    const signal = all(secondary, 'aws_cloudwatch_composite_alarm').find((alarm) =>
      String(alarm.alarm_name).endsWith('-primary-region-down'),
    ) as Resource;
    const reference = (pattern: RegExp) =>
      `\${aws_cloudwatch_metric_alarm.${alarmKey(secondary, 'aws_cloudwatch_metric_alarm', pattern)}.alarm_name}`;
    const canary = reference(/-canary-prod-usw2-peer$/);
    const silence = reference(/-aurora-global-silent$/);
    const fires = (...alarms: string[]) =>
      evaluateAlarmRule(String(signal.alarm_rule), new Set(alarms));
    expect(fires(canary, silence)).toBe(true);
    // The primary's API failing alone (a network path) or the replication silent alone (the
    // writer already moved here) does not move the writer.
    expect(fires(canary)).toBe(false);
    expect(fires(silence)).toBe(false);
    expect(
      all(primary, 'aws_cloudwatch_composite_alarm').some((alarm) =>
        String(alarm.alarm_name).endsWith('-primary-region-down'),
      ),
    ).toBe(false);
  });

  it("starts the secondary's failover runbook in failover mode when the signal enters ALARM, with a role that may do only that", () => {
    const rule = all(secondary, 'aws_cloudwatch_event_rule').find((candidate) =>
      String(candidate.name).endsWith('-automatic-failover'),
    ) as Resource;
    const signalKey = alarmKey(
      secondary,
      'aws_cloudwatch_composite_alarm',
      /-primary-region-down$/,
    );
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      resources: [`\${aws_cloudwatch_composite_alarm.${signalKey}.arn}`],
      detail: { state: { value: ['ALARM'] } },
    });
    const target = all(secondary, 'aws_cloudwatch_event_target').find(
      (candidate) => candidate.target_id === 'regional-failover',
    ) as Resource;
    const runbook = '${data.terraform_remote_state.data.outputs.failoverRunbookName}';
    const runbookRole = '${data.terraform_remote_state.data.outputs.failoverRunbookRoleArn}';
    const definition = `arn:aws:ssm:us-west-2:${prod.accountId}:automation-definition/${runbook}`;
    expect(target.arn).toBe(`${definition}:$DEFAULT`);
    expect(JSON.parse(String(target.input))).toEqual({
      Mode: ['failover'],
      AutomationAssumeRole: [runbookRole],
    });
    const policy = all(secondary, 'aws_iam_role_policy').find((candidate) =>
      String(candidate.role).includes('automatic-failover'),
    ) as Resource;
    expect(
      policyOf(policy).Statement.map((statement) => [statement.Action, statement.Resource]),
    ).toEqual([
      ['ssm:StartAutomationExecution', [definition, `${definition}:*`]],
      ['iam:PassRole', runbookRole],
    ]);
    expect(
      all(primary, 'aws_cloudwatch_event_rule').some((candidate) =>
        String(candidate.name).endsWith('-automatic-failover'),
      ),
    ).toBe(false);
    // Without automatic failover the signal still pages, and nothing moves the writer.
    const manual = synthObservability(
      exampleEnvironment({ data: { automaticFailover: false } }),
      'us-west-2',
    );
    expect(
      all(manual, 'aws_cloudwatch_event_rule').some((candidate) =>
        String(candidate.name).endsWith('-automatic-failover'),
      ),
    ).toBe(false);
    expect(
      all(manual, 'aws_cloudwatch_composite_alarm').some((alarm) =>
        String(alarm.alarm_name).endsWith('-primary-region-down'),
      ),
    ).toBe(true);
  });
});

describe('ObservabilityStack tracing, canaries and dashboard', () => {
  it('samples with KMS-encrypted X-Ray, never traces health checks, and groups faults', () => {
    expect(onlyResource(primary, 'aws_xray_encryption_config')).toMatchObject({ type: 'KMS' });
    const rules = all(primary, 'aws_xray_sampling_rule');
    expect(rules.find((rule) => rule.url_path === '/healthz')).toMatchObject({ fixed_rate: 0 });
    expect(rules.find((rule) => rule.url_path === '*')).toMatchObject({ fixed_rate: 0.01 }); // the seeds' 1 %
    expect(all(primary, 'aws_xray_group').map((group) => group.filter_expression)).toContain(
      'fault = true OR error = true',
    );
  });

  it('checks the regional health endpoint every minute in production, and the routed one from the primary', () => {
    const canaries = all(primary, 'aws_synthetics_canary');
    expect(canaries.map((canary) => canary.name).sort()).toEqual([
      'prod-use1-api',
      'prod-use1-routed',
    ]);
    expect(canaries[0]).toMatchObject({
      handler: 'health-check.handler',
      schedule: { expression: 'rate(1 minute)' },
      run_config: { active_tracing: true },
      artifact_config: { s3_encryption: { encryption_mode: 'SSE_KMS' } },
    });
    // The secondary also watches the primary region's own host.
    const secondaryCanaries = all(secondary, 'aws_synthetics_canary');
    expect(secondaryCanaries.map((canary) => canary.name)).toEqual([
      'prod-usw2-api',
      'prod-usw2-peer',
    ]);
    expect(
      (secondaryCanaries[1].run_config as { environment_variables: Record<string, string> })
        .environment_variables.HEALTH_URLS,
    ).toBe(`https://${frontDoorHosts(prod, 'us-east-1').regional}${prod.edge.healthCheckPath}`);
  });

  it('draws a dashboard with health, API and data-store widgets', () => {
    const body = JSON.parse(
      String(onlyResource(primary, 'aws_cloudwatch_dashboard').dashboard_body),
    );
    const titles = (body.widgets as Array<{ properties: { title: string } }>).map(
      (widget) => widget.properties.title,
    );
    expect(titles).toEqual(
      expect.arrayContaining([
        'Route53 health check (1 = healthy)',
        'API latency p99 (s)',
        'Redis memory % per node',
      ]),
    );
  });
});

describe('ObservabilityStack security and cost', () => {
  it('turns on GuardDuty with EKS and S3 protection and Security Hub standards in every region', () => {
    for (const json of [primary, secondary]) {
      const features = all(json, 'aws_guardduty_detector_feature')
        .filter((feature) => feature.provider === undefined)
        .map((feature) => feature.name);
      expect(features.sort()).toEqual([...GUARDDUTY_FEATURES].sort());
      // AWS best practices, CIS, and PCI DSS in production.
      expect(
        all(json, 'aws_securityhub_standards_subscription').map((s) =>
          String(s.standards_arn).replace(/^arn:aws:securityhub:[a-z0-9-]+::/, ''),
        ),
      ).toEqual([...SECURITY_HUB_STANDARDS, PCI_DSS_STANDARD]);
    }
    const withoutCards = synthObservability(
      exampleEnvironment({ observability: { pciDss: false } }),
    );
    expect(
      all(withoutCards, 'aws_securityhub_standards_subscription').map((s) => s.standards_arn),
    ).not.toContainEqual(expect.stringContaining('pci-dss'));
    // Inspector scans the nodes, the images and the functions in every region.
    for (const json of [primary, secondary])
      expect(onlyResource(json, 'aws_inspector2_enabler')).toMatchObject({
        resource_types: [...INSPECTOR_RESOURCE_TYPES],
      });
    expect(onlyResource(primary, 'aws_securityhub_finding_aggregator')).toMatchObject({
      specified_regions: ['us-west-2'],
    });
  });

  it('watches every other default region with GuardDuty and forwards its findings to the primary routes', () => {
    const providerRegion = new Map(
      (primary.provider?.aws ?? []).map((provider) => [
        provider.alias === undefined ? undefined : `aws.${String(provider.alias)}`,
        String(provider.region),
      ]),
    );
    const regionOf = (resource: Resource) => providerRegion.get(resource.provider as string);
    const watched = all(primary, 'aws_guardduty_detector').map(regionOf).sort();
    // The primary's own detector plus the 16 other default regions less the secondary.
    expect(watched).toEqual(
      [...DEFAULT_ENABLED_REGIONS.aws].filter((r) => r !== 'us-west-2').sort(),
    );
    for (const region of watched.filter((r) => r !== 'us-east-1')) {
      const here = (type: string) =>
        all(primary, type).filter((resource) => regionOf(resource) === region);
      expect(
        here('aws_guardduty_detector_feature')
          .map((f) => f.name)
          .sort(),
      ).toEqual([...GUARDDUTY_FEATURES].sort());
      const [rule] = here('aws_cloudwatch_event_rule');
      expect(JSON.parse(String(rule.event_pattern))).toEqual(GUARDDUTY_FINDING_PATTERN);
      expect(here('aws_cloudwatch_event_target')).toEqual([
        expect.objectContaining({
          arn: 'arn:aws:events:us-east-1:333333333333:event-bus/default',
          role_arn: expect.stringContaining('aws_iam_role.guardduty-regions_role'),
        }),
      ]);
    }
    // The forwarding role can put events on the primary's default bus and nothing else.
    const forwarding = all(primary, 'aws_iam_role_policy').find((policy) =>
      String(policy.role).includes('guardduty-regions'),
    );
    expect(policyOf(forwarding ?? {}).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: 'arn:aws:events:us-east-1:333333333333:event-bus/default',
      },
    ]);
    // The secondary watches only itself; the environment may narrow the list.
    expect(all(secondary, 'aws_guardduty_detector')).toHaveLength(1);
    const narrowed = synthObservability(
      exampleEnvironment({ observability: { guardDutyRegions: ['eu-west-1', 'us-east-1'] } }),
    );
    expect(all(narrowed, 'aws_guardduty_detector').map(regionOf)).toHaveLength(2);
    expect(all(narrowed, 'aws_cloudwatch_event_rule').filter((r) => r.provider)).toHaveLength(1);
  });

  it('records a multi-region, validated, encrypted CloudTrail into the audit bucket from the primary only', () => {
    expect(onlyResource(primary, 'aws_cloudtrail')).toMatchObject({
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: expect.stringContaining('aws_kms_key.'),
      s3_bucket_name: expect.stringContaining('auditBucketName'),
    });
    expect(all(secondary, 'aws_cloudtrail')).toHaveLength(0);
    expect(alarmNamed(primary, 'root-account-usage')).toMatchObject({ namespace: 'Strata/Audit' });
  });

  it('evaluates the encryption, public access, MFA and root rules with AWS Config', () => {
    const names = (json: SynthesizedStack) =>
      all(json, 'aws_config_config_rule').map(
        (rule) => (rule.source as { source_identifier: string }).source_identifier,
      );
    expect(names(primary).sort()).toEqual(
      [...REGIONAL_CONFIG_RULES, ...GLOBAL_CONFIG_RULES].sort(),
    );
    expect(names(secondary).sort()).toEqual([...REGIONAL_CONFIG_RULES].sort());
    expect(names(primary)).toEqual(
      expect.arrayContaining([
        'ROOT_ACCOUNT_MFA_ENABLED',
        'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
      ]),
    );
  });

  it('budgets the month with alerts at 50, 80 and 100 % and detects cost anomalies', () => {
    const budget = onlyResource(primary, 'aws_budgets_budget') as {
      limit_amount: string;
      notification: Array<{ threshold: number; notification_type: string }>;
    };
    expect(budget.limit_amount).toBe('1000.00');
    expect(
      budget.notification.filter((n) => n.notification_type === 'ACTUAL').map((n) => n.threshold),
    ).toEqual([...BUDGET_ALERT_PERCENTAGES]);
    expect(BUDGET_ALERT_PERCENTAGES).toEqual([50, 80, 100]);
    expect(onlyResource(primary, 'aws_ce_anomaly_monitor')).toMatchObject({
      monitor_dimension: 'SERVICE',
    });
    expect(all(secondary, 'aws_budgets_budget')).toHaveLength(0);
  });

  it('leaves the once-per-account services out where another environment owns them', () => {
    const json = synthObservability(
      exampleEnvironment({ observability: { accountServices: false } }),
    );
    expect(all(json, 'aws_guardduty_detector')).toHaveLength(0);
    expect(all(json, 'aws_securityhub_account')).toHaveLength(0);
    expect(all(json, 'aws_inspector2_enabler')).toHaveLength(0);
    expect(all(json, 'aws_config_configuration_recorder')).toHaveLength(0);
    expect(all(json, 'aws_iam_service_linked_role')).toHaveLength(0);
    expect(all(json, 'aws_ce_anomaly_monitor')).toHaveLength(0);
    expect(all(json, 'aws_cloudtrail')).toHaveLength(0);
    // X-Ray's encryption is one setting per account and region; the sampling rules stay.
    expect(all(json, 'aws_xray_encryption_config')).toHaveLength(0);
    expect(all(json, 'aws_xray_sampling_rule').length).toBeGreaterThan(0);
    // The budget is the environment's own and stays.
    expect(all(json, 'aws_budgets_budget')).toHaveLength(1);
  });
});

describe('ObservabilityStack security response', () => {
  it('fixes a defined set of findings on arrival and warns when a fix fails', () => {
    const fn = all(primary, 'aws_lambda_function').find((candidate) =>
      String(candidate.function_name).endsWith('-finding-remediation'),
    );
    expect(fn).toBeDefined();
    expect(alarmNamed(primary, 'finding-remediation-failed')).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: {
        FunctionName: expect.stringMatching(/aws_lambda_function\.finding-remediation/),
      },
      alarm_actions: [expect.stringContaining('warning')],
    });
  });

  it('routes findings, failed backup, copy and restore jobs and failed rotations to the alarm topics as readable lines', () => {
    // The remediation rule goes to its function (finding-remediation.spec.ts), not a topic;
    // the other regions' rules forward to this region's bus (the GuardDuty watch test).
    const rules = resourceList(primary, 'aws_cloudwatch_event_rule').filter(
      (rule) => !String(rule.name).endsWith('-finding-remediation') && rule.provider === undefined,
    );
    const patterns = rules.map((rule) => JSON.parse(String(rule.event_pattern)));
    expect(patterns.map((pattern) => pattern.source[0]).sort()).toEqual([
      'aws.backup',
      'aws.backup',
      'aws.backup',
      'aws.guardduty',
      'aws.guardduty',
      'aws.secretsmanager',
      'aws.securityhub',
      'aws.securityhub',
    ]);
    // Backup and copy job events carry `state`, restore job events `status`.
    expect(
      patterns
        .filter((p) => p.source[0] === 'aws.backup')
        .map((p) => [p['detail-type'][0], p.detail]),
    ).toEqual([
      ['Backup Job State Change', { state: ['FAILED', 'ABORTED', 'EXPIRED'] }],
      ['Copy Job State Change', { state: ['FAILED', 'ABORTED', 'EXPIRED'] }],
      ['Restore Job State Change', { status: ['FAILED', 'ABORTED', 'EXPIRED'] }],
    ]);
    const targets = resourceList(primary, 'aws_cloudwatch_event_target').filter(
      (target) => !String(target.rule).includes('finding-remediation') && !target.provider,
    );
    expect(targets).toHaveLength(rules.length);
    for (const target of targets) {
      const transformer =
        (target.input_transformer as Array<Record<string, unknown>>)[0] ??
        (target.input_transformer as Record<string, unknown>);
      const template = String(transformer.input_template);
      // Every placeholder of the message is one of the transformer's input paths.
      const placeholders = [...template.matchAll(/<([a-z]+)>/g)].map((m) => m[1]);
      expect(placeholders.length).toBeGreaterThan(0);
      for (const name of placeholders) expect(transformer.input_paths).toHaveProperty(name);
    }
    // The topics (and their key) admit EventBridge as a publisher.
    const topicPolicies = resourceList(primary, 'aws_sns_topic_policy').map((p) =>
      String(p.policy),
    );
    expect(topicPolicies.every((policy) => policy.includes('events.amazonaws.com'))).toBe(true);
  });

  it('alarms on every metric filter of the audit trail', () => {
    const filters = resourceList(primary, 'aws_cloudwatch_log_metric_filter').map(
      (filter) =>
        (filter.metric_transformation as Array<{ name: string }>)[0]?.name ??
        (filter.metric_transformation as { name: string }).name,
    );
    expect(filters.length).toBeGreaterThanOrEqual(4);
    const alarmed = resourceList(primary, 'aws_cloudwatch_metric_alarm')
      .filter((alarm) => alarm.namespace === 'Strata/Audit')
      .map((alarm) => alarm.metric_name);
    expect(alarmed.sort()).toEqual([...filters].sort());
  });

  it('runs IAM Access Analyzer in every region of the account services', () => {
    expect(resourceList(primary, 'aws_accessanalyzer_analyzer')).toHaveLength(1);
    expect(resourceList(secondary, 'aws_accessanalyzer_analyzer')).toHaveLength(1);
  });
});
