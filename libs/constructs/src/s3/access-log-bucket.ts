import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { PolicyStatement } from '../iam/policy-document';
import { ServicePrincipal } from '../iam/grant';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { BucketEncryption, SecureBucket } from './secure-bucket';

/** Properties of {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** The bucket's name. */
  readonly bucketName: string;
  /** Names of the buckets whose server access logs land here. */
  readonly sourceBucketNames: readonly string[];
  /** @default the stack's account */
  readonly accountId?: string;
  /**
   * Also accept access and connection logs of this account's load balancers in the bucket's
   * region (ELB writes only to SSE-S3 buckets, like S3 log delivery).
   * @default false
   */
  readonly loadBalancerLogs?: boolean;
  /** @default 90 days before noncurrent versions are deleted */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Target of S3 server access logs: writable only by S3 log delivery, for the named source
 * buckets of this account. S3 log delivery does not support SSE-KMS targets, so this is
 * Strata's one explicit SSE-S3 exception.
 */
export class AccessLogBucket extends SecureBucket {
  /**
   * The bucket's name as known once its policy admits log delivery. Sources log to this
   * name, so their logging starts only after the grant exists (S3 checks it on
   * PutBucketLogging).
   */
  readonly logTargetName: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      provider: props.provider,
      bucketName: props.bucketName,
      encryption: BucketEncryption.S3_MANAGED,
      accountId: props.accountId,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
    });
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    if (props.loadBalancerLogs) {
      this.addToResourcePolicy(loadBalancerLogDelivery(this, props, accountId, this.grantArn));
    }
    this.grantPut(
      new ServicePrincipal('logging.s3.amazonaws.com', {
        ArnLike: {
          'aws:SourceArn': props.sourceBucketNames.map(
            (name) => `arn:${environment.partition}:s3:::${name}`,
          ),
        },
        StringEquals: { 'aws:SourceAccount': accountId },
      }),
      { sid: 'S3ServerAccessLogDelivery' },
    );
    this.logTargetName = this.policy.bucket;
  }
}

/**
 * ELB log delivery: regions from before August 2022 write as a regional ELB account, newer
 * ones as the log delivery service principal; the statement names both.
 */
function loadBalancerLogDelivery(
  bucket: Construct,
  props: AccessLogBucketProps,
  accountId: string,
  bucketArn: string,
): PolicyStatement {
  // A sibling of the bucket (not a child), as it always was: its address stays the same.
  const scope = bucket.node.scope ?? bucket;
  const elbAccount = new DataAwsElbServiceAccount(scope, `${bucket.node.id}-elb-account`, {
    provider: props.provider,
  });
  return {
    Sid: 'LoadBalancerLogDelivery',
    Effect: 'Allow',
    Principal: {
      AWS: elbAccount.arn,
      Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
    },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/*/AWSLogs/${accountId}/*`,
  };
}
