import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { policyDocument, PolicyStatement, serviceTrustPolicy } from '../iam/policy-document';

export enum BucketEncryption {
  /** SSE-KMS with a customer-managed key and S3 Bucket Keys. */
  KMS = 'aws:kms',
  /**
   * SSE-S3. Only for buckets AWS services cannot write to under SSE-KMS, such as
   * server access log targets; the caller states why.
   */
  S3_MANAGED = 'AES256',
}

export interface BucketReplication {
  readonly destinationBucketArn: string;
  /** KMS key in the destination region that encrypts the replicas. */
  readonly destinationKmsKeyArn: string;
  /** IAM role name for the replication role. */
  readonly roleName: string;
  /**
   * S3 Replication Time Control: AWS's SLA of 99.99 % of objects replicated within 15
   * minutes, with replication metrics for alarms. Costs extra per GB.
   * @default false
   */
  readonly replicationTimeControl?: boolean;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** @default BucketEncryption.KMS */
  readonly encryption?: BucketEncryption;
  /** Required with BucketEncryption.KMS. */
  readonly kmsKeyArn?: string;
  /** @default 90 days before noncurrent versions are deleted */
  readonly noncurrentVersionExpirationDays?: number;
  /** Server access logs go to this bucket under `<bucket name>/`. @default no access logs */
  readonly accessLogBucketName?: string;
  /** Cross-region replication of every object. @default none */
  readonly replication?: BucketReplication;
  /**
   * Object Lock in compliance mode with this default retention: nobody, root included, can
   * delete or overwrite an object version before it expires. Only at bucket creation.
   * @default no Object Lock
   */
  readonly objectLockRetentionDays?: number;
  /**
   * Move current objects to Standard-IA after 30 days and Glacier Instant Retrieval after 90.
   * @default false
   */
  readonly tiering?: boolean;
  /** Objects under this prefix are temporary and expire. @default none */
  readonly temporaryObjects?: { readonly prefix: string; readonly expireAfterDays: number };
  /** Tags on the bucket, e.g. the AWS Backup selection tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Extra statements for the bucket policy (the TLS-only statement is always there). */
  readonly policyStatements?: readonly PolicyStatement[];
  readonly accountId: string;
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with Strata's defaults: versioned, encrypted, owner-enforced (no ACLs),
 * every public access path blocked, TLS-only, old versions expired, incomplete uploads
 * cleaned up, never force-destroyed.
 */
export class SecureBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketId: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, what CloudFront origins use. */
  readonly regionalDomainName: string;
  /** The bucket policy; statements other resources must wait for depend on it. */
  protected readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const encryption = props.encryption ?? BucketEncryption.KMS;
    if (encryption === BucketEncryption.KMS && !props.kmsKeyArn) {
      throw new Error(`SecureBucket ${props.bucketName}: kmsKeyArn is required for SSE-KMS`);
    }
    const provider = props.provider;
    const bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLockRetentionDays !== undefined || undefined,
      tags: props.tags,
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketId = bucket.id;
    this.regionalDomainName = bucket.bucketRegionalDomainName;

    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: encryption,
            kmsMasterKeyId: encryption === BucketEncryption.KMS ? props.kmsKeyArn : undefined,
          },
          bucketKeyEnabled: encryption === BucketEncryption.KMS,
        },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket: bucket.id,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          // Same as "*" in IAM; the object form is what moto's log-delivery check can read
          // (it fails PutBucketLogging with a string principal, see tools/src/emulator/gaps.json).
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(props.policyStatements ?? []),
      ]),
      // A policy put before the public access block could briefly be judged public.
      dependsOn: [publicAccess],
    });
    if (props.objectLockRetentionDays !== undefined) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket: bucket.id,
        rule: {
          defaultRetention: { mode: 'COMPLIANCE', days: props.objectLockRetentionDays },
        },
        dependsOn: [versioning],
      });
    }
    // Locked versions cannot be deleted before their retention ends; expire them just after.
    const noncurrentDays =
      props.noncurrentVersionExpirationDays ??
      (props.objectLockRetentionDays !== undefined ? props.objectLockRetentionDays + 1 : 90);
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.tiering
          ? [
              {
                id: 'tier-by-age',
                status: 'Enabled',
                filter: [{}],
                transition: [
                  { days: 30, storageClass: 'STANDARD_IA' },
                  { days: 90, storageClass: 'GLACIER_IR' },
                ],
              },
            ]
          : []),
        ...(props.temporaryObjects
          ? [
              {
                id: 'expire-temporary-objects',
                status: 'Enabled',
                filter: [{ prefix: props.temporaryObjects.prefix }],
                expiration: [{ days: props.temporaryObjects.expireAfterDays }],
              },
            ]
          : []),
      ],
      dependsOn: [versioning],
    });
    if (props.accessLogBucketName) {
      new S3BucketLoggingA(this, 'access-logs', {
        provider,
        bucket: bucket.id,
        targetBucket: props.accessLogBucketName,
        targetPrefix: `${props.bucketName}/`,
      });
    }
    if (props.replication) {
      this.replicate(bucket, versioning, props.replication, props);
    }
  }

  private replicate(
    bucket: S3Bucket,
    versioning: S3BucketVersioningA,
    replication: BucketReplication,
    props: SecureBucketProps,
  ): void {
    const provider = props.provider;
    const role = new IamRole(this, 'replication-role', {
      provider,
      name: replication.roleName,
      assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', props.accountId),
    });
    new IamRolePolicy(this, 'replication-policy', {
      provider,
      role: role.id,
      name: 'replicate-to-secondary-region',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          Resource: bucket.arn,
        },
        {
          Effect: 'Allow',
          Action: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
            // Replicas of locked objects keep their retention.
            ...(props.objectLockRetentionDays !== undefined
              ? ['s3:GetObjectRetention', 's3:GetObjectLegalHold']
              : []),
          ],
          Resource: `${bucket.arn}/*`,
        },
        {
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: `${replication.destinationBucketArn}/*`,
        },
        ...(props.kmsKeyArn
          ? [{ Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: props.kmsKeyArn }]
          : []),
        { Effect: 'Allow', Action: 'kms:Encrypt', Resource: replication.destinationKmsKeyArn },
      ]),
    });
    new S3BucketReplicationConfigurationA(this, 'replication', {
      provider,
      bucket: bucket.id,
      role: role.arn,
      rule: [
        {
          id: 'replicate-everything',
          status: 'Enabled',
          filter: {},
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replication.destinationBucketArn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replication.destinationKmsKeyArn },
            ...(replication.replicationTimeControl
              ? {
                  replicationTime: { status: 'Enabled', time: { minutes: 15 } },
                  metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
                }
              : {}),
          },
        },
      ],
      dependsOn: [versioning],
    });
  }
}
