import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { GUARDDUTY_FINDING_PATTERN } from './guardduty';

/** Which findings page (critical) and which open a ticket (warning). */
export interface FindingRoute {
  /** The rule's name. */
  readonly name: string;
  /** What it matches. */
  readonly description: string;
  /** Which topic it goes to. */
  readonly severity: 'critical' | 'warning';
  /** EventBridge event pattern, as JSON. */
  readonly pattern: Record<string, unknown>;
  /** Input paths the message template reads. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** The readable message; `<name>` placeholders come from inputPaths. */
  readonly template: string;
}

/** GuardDuty severities: 7-8.9 high, 4-6.9 medium (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html). */
const GUARDDUTY_HIGH = 7;
const GUARDDUTY_MEDIUM = 4;

const guardDuty = (
  severity: 'critical' | 'warning',
  range: Array<string | number>,
): FindingRoute => ({
  name: `guardduty-${severity === 'critical' ? 'high' : 'medium'}`,
  description: `GuardDuty findings of severity ${severity === 'critical' ? 'high' : 'medium'} and above`,
  severity,
  pattern: {
    ...GUARDDUTY_FINDING_PATTERN,
    detail: { severity: [{ numeric: range }] },
  },
  inputPaths: {
    title: '$.detail.title',
    type: '$.detail.type',
    severity: '$.detail.severity',
    account: '$.detail.accountId',
    region: '$.detail.region',
    id: '$.detail.id',
  },
  template:
    '"GuardDuty finding (severity <severity>) in <account> <region>: <title> [<type>]. Console: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>"',
});

const securityHub = (label: 'CRITICAL' | 'HIGH'): FindingRoute => ({
  name: `security-hub-${label.toLowerCase()}`,
  description: `New Security Hub findings labelled ${label}`,
  severity: label === 'CRITICAL' ? 'critical' : 'warning',
  pattern: {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: [label] },
        Workflow: { Status: ['NEW'] },
        RecordState: ['ACTIVE'],
      },
    },
  },
  inputPaths: {
    title: '$.detail.findings[0].Title',
    resource: '$.detail.findings[0].Resources[0].Id',
    account: '$.detail.findings[0].AwsAccountId',
    region: '$.detail.findings[0].Region',
  },
  template: `"Security Hub ${label} finding in <account> <region>: <title> (resource <resource>). Console: https://console.aws.amazon.com/securityhub/home?region=<region>#/findings"`,
});

/**
 * A backup, copy or restore job that did not complete: recovery is not what the plan
 * promises (a failed copy leaves a region without the other's recovery point). Backup and
 * copy job events carry `state`, restore job events `status` (as in the AWS Backup API).
 */
const backupJob = (
  kind: 'Backup' | 'Copy' | 'Restore',
  field: 'state' | 'status',
): FindingRoute => ({
  name: `${kind.toLowerCase()}-job-failed`,
  description: `AWS Backup ${kind.toLowerCase()} jobs that failed, aborted or expired`,
  severity: 'warning',
  pattern: {
    source: ['aws.backup'],
    'detail-type': [`${kind} Job State Change`],
    detail: { [field]: ['FAILED', 'ABORTED', 'EXPIRED'] },
  },
  inputPaths: {
    state: `$.detail.${field}`,
    resource: '$.resources[0]',
    account: '$.account',
    region: '$.region',
    message: '$.detail.statusMessage',
  },
  template: `"AWS Backup ${kind.toLowerCase()} job <state> in <account> <region> for <resource>: <message>. Console: https://console.aws.amazon.com/backup/home?region=<region>#/jobs"`,
});

/** Secrets Manager gave up rotating a secret (the old value stays current). */
const rotationFailed: FindingRoute = {
  name: 'rotation-failed',
  description: 'Secrets Manager rotations that failed or were abandoned',
  severity: 'warning',
  pattern: {
    source: ['aws.secretsmanager'],
    'detail-type': ['AWS Service Event via CloudTrail'],
    detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
  },
  inputPaths: {
    event: '$.detail.eventName',
    secret: '$.detail.additionalEventData.SecretId',
    account: '$.account',
    region: '$.region',
  },
  template:
    '"Secrets Manager <event> in <account> <region> for <secret>; the previous value stays current. Console: https://console.aws.amazon.com/secretsmanager/listsecrets?region=<region>"',
};

/**
 * The routes: GuardDuty high and Security Hub critical page; medium and high findings,
 * failed backup, copy and restore jobs and failed rotations open a ticket.
 */
export const FINDING_ROUTES: readonly FindingRoute[] = [
  guardDuty('critical', ['>=', GUARDDUTY_HIGH]),
  guardDuty('warning', ['>=', GUARDDUTY_MEDIUM, '<', GUARDDUTY_HIGH]),
  securityHub('CRITICAL'),
  securityHub('HIGH'),
  backupJob('Backup', 'state'),
  backupJob('Copy', 'state'),
  backupJob('Restore', 'status'),
  rotationFailed,
];

/** Properties of {@link FindingRouting}. */
export interface FindingRoutingProps {
  /** Name prefix of the rules. */
  readonly namePrefix: string;
  /** Topic of critical findings (its policy and key admit events.amazonaws.com). */
  readonly criticalTopicArn: string;
  /** The topic warnings go to. */
  readonly warningTopicArn: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * EventBridge rules that send GuardDuty (medium and above) and new Security Hub (high and
 * critical) findings to the alarm topics as one readable line each, so a finding reaches the
 * people who hear alarms instead of waiting in a console.
 */
export class FindingRouting extends Construct {
  /** The EventBridge rules. */
  readonly rules: readonly CloudwatchEventRule[];

  constructor(scope: Construct, id: string, props: FindingRoutingProps) {
    super(scope, id);
    this.rules = FINDING_ROUTES.map((route) => {
      const rule = new CloudwatchEventRule(this, route.name, {
        provider: props.provider,
        name: `${props.namePrefix}-${route.name}`,
        description: route.description,
        eventPattern: JSON.stringify(route.pattern),
      });
      new CloudwatchEventTarget(this, `${route.name}-target`, {
        provider: props.provider,
        rule: rule.name,
        arn: route.severity === 'critical' ? props.criticalTopicArn : props.warningTopicArn,
        inputTransformer: { inputPaths: { ...route.inputPaths }, inputTemplate: route.template },
      });
      return rule;
    });
    this.node.defaultChild = this.rules[0];
  }
}
