import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link AutomaticFailover}. */
export interface AutomaticFailoverProps {
  /** Name of the rule and its role. */
  readonly name: string;
  /** The alarm whose move to ALARM is the signal that the other region is gone. */
  readonly signalAlarmArn: string;
  /** The regional failover runbook (SSM Automation document) of this region. */
  readonly runbookName: string;
  /** The role the runbook runs as (its `AutomationAssumeRole`), which the rule passes on. */
  readonly runbookRoleArn: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The event of an alarm entering ALARM, as EventBridge matches it: only the transition, so
 * a flapping signal starts the runbook once per entry, not once per evaluation.
 */
export function alarmEntersAlarmPattern(alarmArn: string): Record<string, unknown> {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    resources: [alarmArn],
    detail: { state: { value: ['ALARM'] } },
  };
}

/**
 * Starts the region's failover runbook in `failover` mode when the signal alarm enters ALARM:
 * the writer moves here without anyone awake. The rule's role may start only that document
 * and pass only the runbook's role. A second start while one runs fails in the runbook
 * (the global cluster is already changing), so a repeated signal does no harm.
 */
export class AutomaticFailover extends Construct {
  /** The EventBridge rule's ARN. */
  readonly ruleArn: string;

  constructor(scope: Construct, id: string, props: AutomaticFailoverProps) {
    super(scope, id);
    const provider = props.provider;
    const { account } = awsEnvironmentOf(this);
    // EventBridge starts the document's default version.
    const definition = arnOf(this, {
      service: 'ssm',
      resource: `automation-definition/${props.runbookName}`,
    });
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.name,
      assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com', account),
      statements: [
        {
          Effect: 'Allow',
          Action: 'ssm:StartAutomationExecution',
          Resource: [definition, `${definition}:*`],
        },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: props.runbookRoleArn,
          Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        },
      ],
    });
    const rule = new CloudwatchEventRule(this, 'rule', {
      provider,
      name: props.name,
      description: `Fails the Aurora global database over to this region (${props.runbookName}) when the signal alarm fires`,
      eventPattern: JSON.stringify(alarmEntersAlarmPattern(props.signalAlarmArn)),
    });
    this.node.defaultChild = rule;
    new CloudwatchEventTarget(this, 'target', {
      provider,
      rule: rule.name,
      targetId: 'regional-failover',
      arn: `${definition}:$DEFAULT`,
      roleArn: role.roleArn,
      input: JSON.stringify({ Mode: ['failover'], AutomationAssumeRole: [props.runbookRoleArn] }),
      dependsOn: role.resources,
    });
    this.ruleArn = rule.arn;
  }
}
