import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { grantToRole, IRole } from '../iam/grant';
import { denyInsecureTransport, policyDocument } from '../iam/policy-document';
import { IKmsKey } from '../kms/kms-key';
import { queueNameRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';

/** Properties of {@link DurableQueue}. */
export interface DurableQueueProps {
  /** Base name; FIFO queues get the required `.fifo` suffix. */
  readonly queueName: string;
  /** @default false */
  readonly fifo?: boolean;
  /** The KMS key that encrypts the messages. */
  readonly kmsKey: IKmsKey;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Longest time a worker may hold a message. @default 300 seconds */
  readonly visibilityTimeoutSeconds?: number;
  /** @default 4 days */
  readonly retentionSeconds?: number;
  /** Default delay for scheduled work. @default 0 */
  readonly deliveryDelaySeconds?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** What the dead-letter queue's name adds to the queue's. */
const DEAD_LETTER_SUFFIX = '-dlq';

/** The longest SQS retention: a dead letter waits two weeks for someone to look. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * An SQS queue with its own dead-letter queue: KMS-encrypted, TLS-only, redrive after
 * `maxReceiveCount` receives, and a dead-letter queue that accepts messages only from it.
 */
export class DurableQueue extends Construct implements IQueue {
  /** The queue's URL. */
  readonly queueUrl: string;
  /** The queue's ARN. */
  readonly queueArn: string;
  /** The dead letter queue's ARN. */
  readonly deadLetterQueueArn: string;
  /** The dead letter queue's name. */
  readonly deadLetterQueueName: string;
  /** The queue resource (escape hatch). */
  readonly queue: SqsQueue;
  private readonly kmsKey?: IKmsKey;

  /**
   * A reference to a queue by ARN, e.g. from a layer contract.
   * @param kmsKey the queue's key, when known: grants then include its use
   */
  static fromQueueArn(scope: Construct, id: string, queueArn: string, kmsKey?: IKmsKey): IQueue {
    return new ImportedQueue(scope, id, queueArn, kmsKey);
  }

  constructor(scope: Construct, id: string, props: DurableQueueProps) {
    super(scope, id);
    this.kmsKey = props.kmsKey;
    const provider = props.provider;
    const fifo = props.fifo ?? false;
    const suffix = fifo ? '.fifo' : '';
    const nameRule = queueNameRule(props.queueName, `${DEAD_LETTER_SUFFIX}${suffix}`);
    if (nameRule) throw new PropError(this, 'queueName', props.queueName, nameRule);
    const common = {
      provider,
      fifoQueue: fifo || undefined,
      kmsMasterKeyId: props.kmsKey.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    };
    const deadLetter = new SqsQueue(this, 'dead-letter', {
      ...common,
      name: `${props.queueName}${DEAD_LETTER_SUFFIX}${suffix}`,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    const queue = new SqsQueue(this, 'queue', {
      ...common,
      name: `${props.queueName}${suffix}`,
      contentBasedDeduplication: fifo || undefined,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 300,
      messageRetentionSeconds: props.retentionSeconds ?? 4 * 24 * 3600,
      delaySeconds: props.deliveryDelaySeconds ?? 0,
      receiveWaitTimeSeconds: 20,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetter.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
    });
    // A separate resource: inline on the dead-letter queue it would form a reference cycle.
    new SqsQueueRedriveAllowPolicy(this, 'redrive-allow', {
      provider,
      queueUrl: deadLetter.url,
      redriveAllowPolicy: JSON.stringify({
        redrivePermission: 'byQueue',
        sourceQueueArns: [queue.arn],
      }),
    });
    for (const [name, target] of [
      ['queue-policy', queue],
      ['dead-letter-policy', deadLetter],
    ] as const) {
      new SqsQueuePolicy(this, name, {
        provider,
        queueUrl: target.url,
        policy: policyDocument([denyInsecureTransport('sqs:*', target.arn)]),
      });
    }
    this.queue = queue;
    this.node.defaultChild = queue;
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueArn = deadLetter.arn;
    this.deadLetterQueueName = deadLetter.name;
  }
  grantSendMessages(role: IRole): void {
    grantToRole(role, SEND_ACTIONS, [this.queueArn]);
    this.kmsKey?.grantEncrypt(role);
  }

  grantConsumeMessages(role: IRole): void {
    grantToRole(role, CONSUME_ACTIONS, [this.queueArn]);
    this.kmsKey?.grantDecrypt(role);
  }
}

const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];

/** A queue that grants give a role access to: defined here or imported. */
export interface IQueue {
  /** The queue's ARN. */
  readonly queueArn: string;
  /** Lets the role send (and, for a queue defined here, encrypt with its key). */
  grantSendMessages(role: IRole): void;
  /** Lets the role receive and delete (and, for a queue defined here, decrypt with its key). */
  grantConsumeMessages(role: IRole): void;
}

/** A queue defined elsewhere: grants cover its key only when the reference names it. */
class ImportedQueue extends Construct implements IQueue {
  constructor(
    scope: Construct,
    id: string,
    /** The queue's ARN. */
    readonly queueArn: string,
    private readonly kmsKey?: IKmsKey,
  ) {
    super(scope, id);
  }

  grantSendMessages(role: IRole): void {
    grantToRole(role, SEND_ACTIONS, [this.queueArn]);
    this.kmsKey?.grantEncrypt(role);
  }

  grantConsumeMessages(role: IRole): void {
    grantToRole(role, CONSUME_ACTIONS, [this.queueArn]);
    this.kmsKey?.grantDecrypt(role);
  }
}
