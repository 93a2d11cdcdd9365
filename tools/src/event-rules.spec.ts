import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import { matchEventPatterns } from './event-patterns';
import { synthCompiledApp } from './layer-apps';
import { synthesizedStacks } from './synthesized-stacks';

// Every EventBridge rule the platform creates, evaluated by event-ruler (the engine EventBridge
// matches with): each pattern is one EventBridge accepts, and each rule receives the events
// AWS sends for what it watches, in the shapes AWS documents them, and not their near misses.
// Terraform and the provider pass event_pattern unread; a wrong field name (`state` where the
// service sends `status`) would leave a rule silent forever.

const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-event-rules-'));

interface Rule {
  readonly stack: string;
  readonly id: string;
  readonly pattern: string;
}

function rulesOf(environment: string): Rule[] {
  return LAYERS.flatMap((layer) => {
    const outdir = join(work, environment, layer);
    const synth = synthCompiledApp(root, layer, outdir, { STRATA_ENV: environment });
    if (synth.status !== 0) throw new Error(synth.stderr);
    return synthesizedStacks(root, layer, outdir).flatMap(({ stack, stackDir }) => {
      const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
        resource?: { aws_cloudwatch_event_rule?: Record<string, { event_pattern?: string }> };
      };
      return Object.entries(json.resource?.aws_cloudwatch_event_rule ?? {}).flatMap(([id, rule]) =>
        rule.event_pattern ? [{ stack, id, pattern: rule.event_pattern }] : [],
      );
    });
  });
}

/** An event as EventBridge delivers it. */
function awsEvent(
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  resources: string[] = [],
): string {
  return JSON.stringify({
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-12-07T12:00:00Z',
    region: 'us-east-1',
    resources,
    detail,
  });
}

const ALARM_ARN =
  'arn:aws:cloudwatch:us-west-2:123456789012:alarm:strata-prod-usw2-primary-region-down';
const alarmChange = (value: string) =>
  awsEvent(
    'aws.cloudwatch',
    'CloudWatch Alarm State Change',
    {
      alarmName: 'strata-prod-usw2-primary-region-down',
      state: { value, reason: 'composite', timestamp: '2026-12-07T12:00:00Z' },
      previousState: { value: 'OK' },
      configuration: { alarmRule: 'ALARM(a) AND ALARM(b)' },
    },
    [ALARM_ARN],
  );
const rdsEvent = (eventId: string, instance: string) =>
  awsEvent('aws.rds', 'RDS DB Instance Event', {
    EventCategories: ['creation'],
    SourceType: 'DB_INSTANCE',
    SourceArn: `arn:aws:rds:us-east-1:123456789012:db:${instance}`,
    Date: '2026-12-07T12:00:00.000Z',
    Message: 'DB instance created',
    SourceIdentifier: instance,
    EventID: eventId,
  });
const backupJob = (detailType: string, field: 'state' | 'status', value: string) =>
  awsEvent('aws.backup', detailType, {
    [field]: value,
    resourceType: 'Aurora',
    backupVaultName: 'strata-prod-use1-data',
  });
const guardDuty = (severity: number) =>
  awsEvent('aws.guardduty', 'GuardDuty Finding', {
    schemaVersion: '2.0',
    severity,
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    title: 'SSH brute force',
  });
const securityHub = (label: string, workflow = 'NEW') =>
  awsEvent('aws.securityhub', 'Security Hub Findings - Imported', {
    findings: [
      {
        Severity: { Label: label },
        Workflow: { Status: workflow },
        RecordState: 'ACTIVE',
        Title: 'finding',
      },
    ],
  });
const rotation = (eventName: string) =>
  awsEvent('aws.secretsmanager', 'AWS Service Event via CloudTrail', {
    eventSource: 'secretsmanager.amazonaws.com',
    eventName,
  });

/** Rules by their construct id, with an event each must receive and one it must not. */
const EXPECTED: ReadonlyArray<readonly [RegExp, string, string]> = [
  [
    /finding-routing_backup-job-failed/,
    backupJob('Backup Job State Change', 'state', 'FAILED'),
    backupJob('Backup Job State Change', 'state', 'COMPLETED'),
  ],
  [
    /finding-routing_copy-job-failed/,
    backupJob('Copy Job State Change', 'state', 'FAILED'),
    backupJob('Copy Job State Change', 'state', 'COMPLETED'),
  ],
  [
    /finding-routing_restore-job-failed/,
    backupJob('Restore Job State Change', 'status', 'FAILED'),
    backupJob('Restore Job State Change', 'status', 'COMPLETED'),
  ],
  [
    /restore-testing_completed/,
    backupJob('Restore Job State Change', 'status', 'COMPLETED'),
    backupJob('Restore Job State Change', 'status', 'RUNNING'),
  ],
  [
    /restore-testing_check-instance-created/,
    rdsEvent('RDS-EVENT-0005', 'awsbackup-restore-test-abc-check'),
    rdsEvent('RDS-EVENT-0005', 'strata-prod-use1-platform-1'),
  ],
  [/finding-routing_guardduty-high/, guardDuty(8.1), guardDuty(6.9)],
  [/finding-routing_guardduty-medium/, guardDuty(4), guardDuty(7)],
  // Every finding of a region the platform does not use, low ones too: the routes decide.
  [/guardduty-regions_[a-z0-9-]+_forward/, guardDuty(2), securityHub('HIGH')],
  [
    /finding-routing_security-hub-critical/,
    securityHub('CRITICAL'),
    securityHub('CRITICAL', 'RESOLVED'),
  ],
  [/finding-routing_security-hub-high/, securityHub('HIGH'), securityHub('MEDIUM')],
  [/finding-routing_rotation-failed/, rotation('RotationFailed'), rotation('RotationSucceeded')],
  [/automatic-failover_rule/, alarmChange('ALARM'), alarmChange('OK')],
];

describe('EventBridge rules, evaluated by event-ruler', () => {
  const environments = loadEnvironments().map((env) => env.name);

  it.each(environments)('%s: every rule pattern is one EventBridge accepts', (name) => {
    const rules = rulesOf(name);
    expect(rules.length).toBeGreaterThan(0);
    // A pattern EventBridge refuses makes matchEventPatterns throw, naming it.
    expect(
      matchEventPatterns(
        rules.map((rule) => ({ pattern: rule.pattern, event: awsEvent('x', 'y', {}) })),
      ),
    ).toHaveLength(rules.length);
  });

  it('prod: each rule receives the events AWS sends for what it watches, and not their near misses', () => {
    const rules = rulesOf('prod');
    const cases = EXPECTED.flatMap(([id, receives, ignores]) => {
      const matching = rules.filter((rule) => id.test(rule.id));
      expect(matching.length).toBeGreaterThan(0);
      // An alarm's ARN is Terraform's to fill in; the event carries the one it fills in.
      return matching.flatMap((rule) => {
        const pattern = rule.pattern.replace(
          /\$\{aws_cloudwatch_composite_alarm\.[^}]+\}/g,
          ALARM_ARN,
        );
        return [
          { rule, event: receives, expected: true, pattern },
          { rule, event: ignores, expected: false, pattern },
        ];
      });
    });
    const results = matchEventPatterns(cases.map(({ pattern, event }) => ({ pattern, event })));
    expect(
      cases
        .map((entry, index) => ({ ...entry, got: results[index] }))
        .filter(({ expected, got }) => expected !== got)
        .map(
          ({ rule, expected }) =>
            `${rule.stack} ${rule.id}: ${expected ? 'missed' : 'took'} its event`,
        ),
    ).toEqual([]);
  });
});
