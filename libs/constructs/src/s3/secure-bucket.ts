import { Construct } from 'constructs';
import { Lazy, TerraformProvider } from 'cdktf';
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
import {
  ArnPrincipal,
  grant,
  Grantee,
  IResourceWithPolicy,
  PolicyConditions,
  ServicePrincipal,
} from '../iam/grant';
import { policyDocument, PolicyStatement, serviceTrustPolicy } from '../iam/policy-document';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { IKmsKey } from '../kms/kms-key';
import { bucketNameRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';

/** How a bucket's objects are encrypted at rest. */
export enum BucketEncryption {
  /** SSE-KMS with a customer-managed key and S3 Bucket Keys. */
  KMS = 'aws:kms',
  /**
   * SSE-S3. Only for buckets AWS services cannot write to under SSE-KMS, such as
   * server access log targets; the caller states why.
   */
  S3_MANAGED = 'AES256',
}

/**
 * The id of a replicating bucket's one rule: S3 publishes its replication metrics
 * (`OperationsFailedReplication`, `ReplicationLatency`, ...) under the dimension `RuleId`.
 */
export const REPLICATION_RULE_ID = 'replicate-everything';

/** Cross-region replication of every object. */
export interface BucketReplication {
  /** The bucket in the other region that receives every object. */
  readonly destinationBucket: IBucket;
  /** KMS key in the destination region that encrypts the replicas. */
  readonly destinationKmsKey: IKmsKey;
  /** IAM role name for the replication role. */
  readonly roleName: string;
  /**
   * S3 Replication Time Control: AWS's SLA of 99.99 % of objects replicated within 15
   * minutes, with replication metrics for alarms. Costs extra per GB.
   * @default false
   */
  readonly replicationTimeControl?: boolean;
}

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** The bucket's name (lowercase, 3 to 63 characters). */
  readonly bucketName: string;
  /** @default BucketEncryption.KMS */
  readonly encryption?: BucketEncryption;
  /** The key of SSE-KMS; required with BucketEncryption.KMS. */
  readonly kmsKey?: IKmsKey;
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
  /**
   * An archive's life: objects move to S3 Glacier Flexible Retrieval after `archiveAfterDays`
   * and expire after `expireAfterDays` (their replaced versions a day later).
   * @default objects are kept until deleted
   */
  readonly archive?: BucketArchive;
  /** Objects under this prefix are temporary and expire. @default none */
  readonly temporaryObjects?: {
    /** The key prefix of the temporary objects. */
    readonly prefix: string;
    /** Days before they are deleted. */
    readonly expireAfterDays: number;
  };
  /** Tags on the bucket, e.g. the AWS Backup selection tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Extra statements for the bucket policy (the TLS-only statement is always there); prefer
   * the `grant*` methods.
   * @default none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Account of the replication role's trust policy. @default the stack's account */
  readonly accountId?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** When an archive bucket's objects go cold and when they go. */
export interface BucketArchive {
  /** Days in S3 Standard (queryable at once) before Glacier Flexible Retrieval. */
  readonly archiveAfterDays: number;
  /** Days after which an object expires; more than `archiveAfterDays`, as S3 requires. */
  readonly expireAfterDays: number;
}

/** A bucket that constructs write to and grants give access to: defined here or imported. */
export interface IBucket {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The bucket's ARN. */
  readonly bucketArn: string;
  /** The ARN of the objects matching `keyPattern`, e.g. `logs/*`. */
  arnForObjects(keyPattern: string): string;
  /**
   * Lets the grantee read objects: `s3:GetObject` (a role also gets `s3:ListBucket`). For a
   * service, through the bucket policy (CloudFront origin access control, ...).
   */
  grantRead(grantee: Grantee, options?: BucketGrantOptions): void;
  /** Lets the grantee put objects (`s3:PutObject`), e.g. a log delivery service under its prefix. */
  grantPut(grantee: Grantee, options?: BucketGrantOptions): void;
  /** Lets the grantee read and write objects. */
  grantReadWrite(grantee: Grantee, options?: BucketGrantOptions): void;
  /**
   * Lets a delivery service check the bucket before writing (`s3:GetBucketAcl`,
   * `s3:ListBucket`), as CloudTrail and AWS Config do.
   */
  grantDeliveryCheck(grantee: Grantee, options?: BucketGrantOptions): void;
}

/** What a bucket grant covers. */
export interface BucketGrantOptions {
  /** Objects the grant covers. @default '*' (every object) */
  readonly keyPattern?: string;
  /** Statement id. @default none */
  readonly sid?: string;
  /** Extra conditions. @default none */
  readonly conditions?: PolicyConditions;
}

/** The grants of every bucket; a bucket's ARN follows from its name and the partition. */
abstract class BucketBase extends Construct implements IBucket, IResourceWithPolicy {
  abstract readonly bucketName: string;
  abstract readonly bucketArn: string;
  /**
   * The ARN grants name, spelled out from the bucket's name: the bucket's own policy then
   * does not reference the bucket resource.
   */
  protected abstract readonly grantArn: string;
  /** The key the objects are encrypted with, when known: a role's grant includes its use. */
  protected abstract readonly objectKey?: IKmsKey;
  /**
   * Adds a statement to the resource's own policy. Returns false where the resource has none
   * it can change (an imported one), so the grant goes on the role instead.
   */
  abstract addToResourcePolicy(statement: PolicyStatement): boolean;

  /** A role reads SSE-KMS objects only with the key; a service's key access is the key policy's. */
  private grantKey(grantee: Grantee, use: 'decrypt' | 'encrypt' | 'both'): void {
    if (!this.objectKey || grantee instanceof ServicePrincipal || grantee instanceof ArnPrincipal)
      return;
    if (use === 'decrypt') this.objectKey.grantDecrypt(grantee);
    else if (use === 'encrypt') this.objectKey.grantEncrypt(grantee);
    else this.objectKey.grantEncryptDecrypt(grantee);
  }

  arnForObjects(keyPattern: string): string {
    return `${this.bucketArn}/${keyPattern}`;
  }

  grantRead(grantee: Grantee, options: BucketGrantOptions = {}): void {
    const objects = this.objectsToGrant(options);
    this.grantActions(
      grantee,
      grantee instanceof ServicePrincipal ? ['s3:GetObject'] : ['s3:GetObject', 's3:ListBucket'],
      grantee instanceof ServicePrincipal ? [objects] : [this.grantArn, objects],
      options,
    );
    this.grantKey(grantee, 'decrypt');
  }

  grantPut(grantee: Grantee, options: BucketGrantOptions = {}): void {
    this.grantActions(grantee, ['s3:PutObject'], [this.objectsToGrant(options)], options);
    this.grantKey(grantee, 'encrypt');
  }

  grantReadWrite(grantee: Grantee, options: BucketGrantOptions = {}): void {
    this.grantActions(
      grantee,
      ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
      [this.grantArn, this.objectsToGrant(options)],
      options,
    );
    this.grantKey(grantee, 'both');
  }

  grantDeliveryCheck(grantee: Grantee, options: BucketGrantOptions = {}): void {
    this.grantActions(grantee, ['s3:GetBucketAcl', 's3:ListBucket'], [this.grantArn], options);
  }

  private objectsToGrant(options: BucketGrantOptions): string {
    return `${this.grantArn}/${options.keyPattern ?? '*'}`;
  }

  private grantActions(
    grantee: Grantee,
    actions: string[],
    resourceArns: string[],
    options: BucketGrantOptions,
  ): void {
    grant({
      grantee,
      actions,
      resourceArns,
      resource: this,
      sid: options.sid,
      conditions: options.conditions,
    });
  }
}

/** A bucket defined elsewhere (another stack's contract): grants to roles only. */
class ImportedBucket extends BucketBase {
  /** The bucket's ARN. */
  readonly bucketArn: string;
  protected readonly grantArn: string;

  constructor(
    scope: Construct,
    id: string,
    /** The bucket's name. */
    readonly bucketName: string,
    protected readonly objectKey?: IKmsKey,
  ) {
    super(scope, id);
    this.bucketArn = `arn:${awsEnvironmentOf(this).partition}:s3:::${bucketName}`;
    this.grantArn = this.bucketArn;
  }

  addToResourcePolicy(): boolean {
    return false;
  }
}

/**
 * An S3 bucket with Strata's defaults: versioned, encrypted, owner-enforced (no ACLs),
 * every public access path blocked, TLS-only, old versions expired, incomplete uploads
 * cleaned up, never force-destroyed.
 */
export class SecureBucket extends BucketBase {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The bucket's ARN. */
  readonly bucketArn: string;
  /** The bucket's ID. */
  readonly bucketId: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, what CloudFront origins use. */
  readonly regionalDomainName: string;
  /** The bucket resource (escape hatch). */
  readonly bucket: S3Bucket;
  /** The bucket policy; statements other resources must wait for depend on it. */
  protected readonly policy: S3BucketPolicy;
  protected readonly grantArn: string;
  protected readonly objectKey?: IKmsKey;
  private readonly statements: PolicyStatement[];

  /**
   * A reference to a bucket by name, e.g. from a layer contract.
   * @param kmsKey the key its objects are encrypted with; role grants then include its use
   */
  static fromBucketName(
    scope: Construct,
    id: string,
    bucketName: string,
    kmsKey?: IKmsKey,
  ): IBucket {
    return new ImportedBucket(scope, id, bucketName, kmsKey);
  }

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const nameRule = bucketNameRule(props.bucketName);
    if (nameRule) throw new PropError(this, 'bucketName', props.bucketName, nameRule);
    const encryption = props.encryption ?? BucketEncryption.KMS;
    if (encryption === BucketEncryption.KMS && !props.kmsKey) {
      throw new PropError(this, 'kmsKey', undefined, 'a key is required for SSE-KMS');
    }
    this.objectKey = encryption === BucketEncryption.KMS ? props.kmsKey : undefined;
    const provider = props.provider;
    const bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLockRetentionDays !== undefined || undefined,
      tags: props.tags,
    });
    this.bucket = bucket;
    this.node.defaultChild = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.grantArn = `arn:${awsEnvironmentOf(this).partition}:s3:::${props.bucketName}`;
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
            kmsMasterKeyId: encryption === BucketEncryption.KMS ? props.kmsKey?.keyArn : undefined,
          },
          bucketKeyEnabled: encryption === BucketEncryption.KMS,
        },
      ],
    });
    this.statements = [
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
    ];
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket: bucket.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
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
    const archive = props.archive;
    if (archive && !(archive.expireAfterDays > archive.archiveAfterDays)) {
      throw new PropError(
        this,
        'archive.expireAfterDays',
        archive.expireAfterDays,
        `it must be more than archive.archiveAfterDays (${archive.archiveAfterDays}); S3 refuses an expiration before the transition`,
      );
    }
    // Locked versions cannot be deleted before their retention ends; expire them just after.
    // An archive's expired objects leave noncurrent versions: those go the next day.
    const noncurrentDays =
      props.noncurrentVersionExpirationDays ??
      (props.objectLockRetentionDays !== undefined
        ? props.objectLockRetentionDays + 1
        : archive
          ? 1
          : 90);
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
        ...(archive
          ? [
              {
                id: 'archive-then-expire',
                status: 'Enabled',
                filter: [{}],
                transition: [{ days: archive.archiveAfterDays, storageClass: 'GLACIER' }],
                expiration: [{ days: archive.expireAfterDays }],
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

  addToResourcePolicy(statement: PolicyStatement): boolean {
    this.statements.push(statement);
    return true;
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
      assumeRolePolicy: serviceTrustPolicy(
        's3.amazonaws.com',
        props.accountId ?? awsEnvironmentOf(this).account,
      ),
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
          Resource: replication.destinationBucket.arnForObjects('*'),
        },
        ...(props.kmsKey
          ? [{ Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: props.kmsKey.keyArn }]
          : []),
        { Effect: 'Allow', Action: 'kms:Encrypt', Resource: replication.destinationKmsKey.keyArn },
      ]),
    });
    new S3BucketReplicationConfigurationA(this, 'replication', {
      provider,
      bucket: bucket.id,
      role: role.arn,
      rule: [
        {
          id: REPLICATION_RULE_ID,
          status: 'Enabled',
          filter: {},
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replication.destinationBucket.bucketArn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replication.destinationKmsKey.keyArn },
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
