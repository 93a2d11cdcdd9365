import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { IKmsKey } from '../kms/kms-key';
import { SecureBucket } from '../s3/secure-bucket';
import { arnOf } from '../scope/aws-environment';
import { EncryptedLogGroup, ILogGroup } from './encrypted-log-group';

/** Properties of {@link LogArchive}. */
export interface LogArchiveProps {
  /** The archive bucket's name. */
  readonly bucketName: string;
  /** Names the archive's roles and its delivery-error log group, e.g. `strata-prod-use1`. */
  readonly namePrefix: string;
  /**
   * Encrypts the archived objects, the streams' buffers and the delivery-error log; its policy
   * must allow CloudWatch Logs in this region.
   */
  readonly kmsKey: IKmsKey;
  /** Days an archived object stays in S3 Standard (warm) before Glacier (cold). @default 30 */
  readonly warmDays?: number;
  /** Days after which an archived object expires; more than `warmDays`. @default 365 */
  readonly coldDays?: number;
  /** Server access logs of the archive bucket. @default none */
  readonly accessLogBucketName?: string;
  /** Days the delivery-error log keeps its lines. @default 30 */
  readonly errorLogRetentionDays?: number;
  /** The AWS account ID. */
  readonly accountId: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** How one log group is archived. */
export interface ArchiveOptions {
  /** The Firehose stream's name (64 characters at most). */
  readonly streamName: string;
  /** Where in the bucket this group's lines land, e.g. `gateway` (then `gateway/YYYY/MM/DD/HH/`). */
  readonly prefix: string;
}

/** One log group's copy into the archive. */
export interface ArchivedLogGroup {
  /** The Firehose stream's name. */
  readonly streamName: string;
  /** The Firehose stream's ARN. */
  readonly streamArn: string;
  /** The key prefix its objects land under (with a trailing slash). */
  readonly prefix: string;
}

/** Firehose's own limit on a delivery stream name. */
const MAX_STREAM_NAME = 64;
/** Firehose flushes a buffer after 5 minutes or 5 MiB, whichever comes first. */
const BUFFER = { seconds: 300, megabytes: 5 } as const;

/**
 * The warm and cold tiers behind CloudWatch Logs: every line of an archived group goes through
 * a subscription filter and a Firehose stream into an encrypted bucket, where it stays in S3
 * Standard for `warmDays` (read it with Athena or a download) and in Glacier until `coldDays`.
 * The group's own retention is the hot tier. One stream per group keeps each group under its
 * own prefix without decompressing CloudWatch's gzip batches to route them.
 */
export class LogArchive extends Construct {
  /** The archive bucket. */
  readonly bucket: SecureBucket;
  /** The role CloudWatch Logs sends through; each archived group's stream is added to it. */
  readonly subscriptionRole: ServiceRole;
  /** The role Firehose writes to the bucket with. */
  readonly deliveryRole: ServiceRole;
  private readonly errorLog: EncryptedLogGroup;
  private readonly errorStream: CloudwatchLogStream;
  private readonly props: LogArchiveProps;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    this.props = props;
    const provider = props.provider;
    const warmDays = props.warmDays ?? 30;
    const coldDays = props.coldDays ?? 365;
    this.bucket = new SecureBucket(this, 'bucket', {
      provider,
      bucketName: props.bucketName,
      kmsKey: props.kmsKey,
      accessLogBucketName: props.accessLogBucketName,
      archive: { archiveAfterDays: warmDays, expireAfterDays: coldDays },
      accountId: props.accountId,
    });
    this.node.defaultChild = this.bucket.bucket;
    this.errorLog = new EncryptedLogGroup(this, 'delivery-errors', {
      provider,
      logGroupName: `/aws/kinesisfirehose/${props.namePrefix}-log-archive`,
      kmsKey: props.kmsKey,
      retentionInDays: props.errorLogRetentionDays ?? 30,
    });
    this.errorStream = new CloudwatchLogStream(this, 'delivery-error-stream', {
      provider,
      name: 'S3Delivery',
      logGroupName: this.errorLog.logGroupName,
    });

    this.deliveryRole = new ServiceRole(this, 'delivery-role', {
      provider,
      roleName: `${props.namePrefix}-log-archive-delivery`,
      assumeRolePolicy: serviceTrustPolicy('firehose.amazonaws.com', props.accountId),
      statements: [
        {
          // What Firehose needs beyond reading and writing objects: multipart uploads.
          Sid: 'MultipartDelivery',
          Effect: 'Allow',
          Action: [
            's3:AbortMultipartUpload',
            's3:GetBucketLocation',
            's3:ListBucketMultipartUploads',
          ],
          Resource: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        },
        {
          Sid: 'ReportDeliveryErrors',
          Effect: 'Allow',
          Action: ['logs:PutLogEvents'],
          Resource: `${this.errorLog.logGroupArn}:log-stream:*`,
        },
      ],
    });
    // Reads (to resume a multipart upload) and writes; never deletes.
    this.bucket.grantRead(this.deliveryRole);
    this.bucket.grantPut(this.deliveryRole);

    this.subscriptionRole = new ServiceRole(this, 'subscription-role', {
      provider,
      roleName: `${props.namePrefix}-log-archive-subscription`,
      assumeRolePolicy: serviceTrustPolicy('logs.amazonaws.com', props.accountId),
    });
  }

  /** Copies every line of `group` into the archive under `options.prefix`. */
  archive(group: ILogGroup, options: ArchiveOptions): ArchivedLogGroup {
    if (options.streamName.length > MAX_STREAM_NAME || !/^[\w.-]+$/.test(options.streamName)) {
      throw new Error(
        `LogArchive ${this.node.path}: stream name "${options.streamName}" must be 1-${MAX_STREAM_NAME} letters, digits, '_', '.' or '-' (Firehose)`,
      );
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(options.prefix)) {
      throw new Error(
        `LogArchive ${this.node.path}: prefix "${options.prefix}" must be lower-case letters, digits and '-'`,
      );
    }
    const provider = this.props.provider;
    const prefix = `${options.prefix}/`;
    const stream = new KinesisFirehoseDeliveryStream(this, `stream-${options.prefix}`, {
      provider,
      name: options.streamName,
      destination: 'extended_s3',
      serverSideEncryption: {
        enabled: true,
        keyType: 'CUSTOMER_MANAGED_CMK',
        keyArn: this.props.kmsKey.keyArn,
      },
      extendedS3Configuration: {
        roleArn: this.deliveryRole.roleArn,
        bucketArn: this.bucket.bucketArn,
        prefix,
        errorOutputPrefix: `delivery-errors/${prefix}`,
        bufferingInterval: BUFFER.seconds,
        bufferingSize: BUFFER.megabytes,
        // CloudWatch Logs already sends gzip batches; compressing again would gain nothing.
        compressionFormat: 'UNCOMPRESSED',
        kmsKeyArn: this.props.kmsKey.keyArn,
        cloudwatchLoggingOptions: {
          enabled: true,
          logGroupName: this.errorLog.logGroupName,
          logStreamName: this.errorStream.name,
        },
      },
      dependsOn: this.deliveryRole.resources,
    });
    const streamArn = arnOf(this, {
      service: 'firehose',
      resource: `deliverystream/${options.streamName}`,
    });
    this.subscriptionRole.addToPolicy({
      Effect: 'Allow',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      Resource: [streamArn],
    });
    new CloudwatchLogSubscriptionFilter(this, `subscription-${options.prefix}`, {
      provider,
      name: 'archive',
      logGroupName: group.logGroupName,
      // Every line: the archive is the group's whole history.
      filterPattern: '',
      destinationArn: stream.arn,
      roleArn: this.subscriptionRole.roleArn,
      dependsOn: this.subscriptionRole.resources,
    });
    return { streamName: stream.name, streamArn: stream.arn, prefix };
  }
}
