import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { IRole, ServicePrincipal } from '../iam/grant';
import { denyInsecureTransport, policyDocument } from '../iam/policy-document';
import { KmsKey } from '../kms/kms-key';

/** One kind of event that warns of a node's end. */
export interface InterruptionEvent {
  /** A short name, used in the rule's name. */
  readonly name: string;
  /** The event's source. */
  readonly source: string;
  /** The event's detail type. */
  readonly detailType: string;
}

/** The EC2 and AWS Health events Karpenter acts on before AWS takes a node away. */
export const INTERRUPTION_EVENTS: readonly InterruptionEvent[] = [
  { name: 'health', source: 'aws.health', detailType: 'AWS Health Event' },
  { name: 'spot', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { name: 'rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { name: 'state-change', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
];

/** A spot warning gives two minutes; an older message is no longer worth acting on. */
const RETENTION_SECONDS = 300;

/** Properties of {@link InterruptionQueue}. */
export interface InterruptionQueueProps {
  /** Queue name; also the prefix of the rules' names. */
  readonly queueName: string;
  /** The AWS account ID. */
  readonly accountId: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The queue Karpenter drains interruption notices from: spot warnings, rebalance advice,
 * scheduled maintenance and state changes, routed by EventBridge rules. KMS-encrypted with its
 * own key, which EventBridge may use only for these rules; TLS-only.
 */
export class InterruptionQueue extends Construct {
  /** The queue's name. */
  readonly queueName: string;
  /** The queue's ARN. */
  readonly queueArn: string;
  /** The EventBridge rules that forward interruption notices to the queue. */
  readonly rules: readonly CloudwatchEventRule[];
  private readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    const provider = props.provider;
    this.key = new KmsKey(this, 'key', {
      provider,
      description: `Interruption notices in ${props.queueName}`,
      alias: props.queueName,
      accountId: props.accountId,
    });
    const queue = new SqsQueue(this, 'queue', {
      provider,
      name: props.queueName,
      messageRetentionSeconds: RETENTION_SECONDS,
      kmsMasterKeyId: this.key.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    this.rules = INTERRUPTION_EVENTS.map((event) => {
      const rule = new CloudwatchEventRule(this, `rule-${event.name}`, {
        provider,
        name: `${props.queueName}-${event.name}`,
        description: `${event.detailType} events for Karpenter`,
        eventPattern: JSON.stringify({ source: [event.source], 'detail-type': [event.detailType] }),
      });
      new CloudwatchEventTarget(this, `target-${event.name}`, {
        provider,
        rule: rule.name,
        arn: queue.arn,
      });
      return rule;
    });
    const ruleArns = this.rules.map((rule) => rule.arn);
    this.key.grantEncryptDecrypt(
      new ServicePrincipal('events.amazonaws.com', { ArnEquals: { 'aws:SourceArn': ruleArns } }),
      { sid: 'EventBridgeRulesSendNotices' },
    );
    new SqsQueuePolicy(this, 'policy', {
      provider,
      queueUrl: queue.url,
      policy: policyDocument([
        {
          Sid: 'EventBridgeRulesSendNotices',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
        },
        denyInsecureTransport('sqs:*', queue.arn),
      ]),
    });
    this.queueName = queue.name;
    this.queueArn = queue.arn;
    this.node.defaultChild = queue;
  }

  /** Lets the role read notices (the receive, delete and URL calls are in its policy already). */
  grantConsume(role: IRole): void {
    this.key.grantDecrypt(role);
  }
}
