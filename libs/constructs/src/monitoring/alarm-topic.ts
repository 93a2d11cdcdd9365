import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { policyDocument, PolicyStatement } from '../iam/policy-document';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** The topic's name. */
  readonly topicName: string;
  /** KMS key whose policy lets the publishing services use it (see alarmTopicKeyStatements). */
  readonly kmsKey: IKmsKey;
  /** Email addresses and HTTPS webhooks that receive every message. */
  readonly endpoints: readonly string[];
  /** Services allowed to publish, e.g. `cloudwatch.amazonaws.com`, `budgets.amazonaws.com`. */
  readonly publishingServices: readonly string[];
  /** @default the stack's account */
  readonly accountId?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** SNS protocol of an endpoint: `https://...` is a webhook, anything else an email address. */
export function subscriptionProtocol(endpoint: string): 'https' | 'email' {
  return endpoint.startsWith('https://') ? 'https' : 'email';
}

/**
 * An encrypted SNS topic for alarm notifications: only the named AWS services of this
 * account may publish, only over TLS, and every endpoint is subscribed.
 */
export class AlarmTopic extends Construct {
  /** The topic's ARN. */
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const topic = new SnsTopic(this, 'topic', {
      provider: props.provider,
      name: props.topicName,
      kmsMasterKeyId: props.kmsKey.keyArn,
    });
    this.node.defaultChild = topic;
    new SnsTopicPolicy(this, 'policy', {
      provider: props.provider,
      arn: topic.arn,
      policy: policyDocument([
        {
          Sid: 'ServicesPublishForThisAccount',
          Effect: 'Allow',
          Principal: { Service: [...props.publishingServices] },
          Action: 'sns:Publish',
          Resource: topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        },
        {
          Sid: 'AccountManagesTopic',
          Effect: 'Allow',
          Principal: { AWS: `arn:${environment.partition}:iam::${accountId}:root` },
          Action: [
            'sns:GetTopicAttributes',
            'sns:SetTopicAttributes',
            'sns:Subscribe',
            'sns:ListSubscriptionsByTopic',
            'sns:Publish',
          ],
          Resource: topic.arn,
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topic.arn,
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
      ]),
    });
    props.endpoints.forEach((endpoint, index) => {
      const protocol = subscriptionProtocol(endpoint);
      new SnsTopicSubscription(this, `subscription-${index}`, {
        provider: props.provider,
        topicArn: topic.arn,
        protocol,
        endpoint,
        // Webhooks confirm automatically; email recipients click the link once.
        endpointAutoConfirms: protocol === 'https',
      });
    });
    this.topicArn = topic.arn;
  }
}

/** Key-policy statements letting publishing services encrypt messages for an alarm topic. */
export function alarmTopicKeyStatements(
  publishingServices: readonly string[],
  accountId: string,
): PolicyStatement[] {
  return [
    {
      Sid: 'AlarmPublishersEncrypt',
      Effect: 'Allow',
      Principal: { Service: [...publishingServices] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ];
}
