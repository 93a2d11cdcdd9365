import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ContentBucket, dataBucketNames, LayerStack, Naming } from '@strata/core';
import { DATA_STORE_KEYS } from '@strata/constructs/vocabulary';
import {
  AccessLogBucket,
  arnOf,
  BACKUP_TAG,
  BucketReplication,
  cloudFrontOriginAccess,
  IKmsKey,
  SecureBucket,
  ServicePrincipal,
} from '@strata/constructs';
import { DataKeys } from './data-keys';
import { DataRegionRole } from './data-region-role';

/** What other code needs to know about one of the platform buckets. */
export interface BucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly regionalDomainName: string;
}

export interface DataBucketsProps {
  readonly stack: LayerStack;
  readonly keys: DataKeys;
  readonly role: DataRegionRole;
  /** Keys in the secondary region for the replicas (replicating primary only). */
  readonly replicaKeys?: DataKeys;
}

/** Temporary uploads (multipart staging, generated exports) expire after a week. */
const TEMPORARY_OBJECTS = { prefix: 'tmp/', expireAfterDays: 7 } as const;

/**
 * The platform's S3 buckets in one region: API specifications and artifacts, audit logs
 * under Object Lock, static assets for CloudFront, and the server access log target. The
 * primary region of a replicated environment also creates their replicas (and the replica
 * keys) in the secondary region, because a replication rule must name an existing bucket.
 * The secondary region's stack only refers to those replicas.
 */
export class DataBuckets extends Construct {
  readonly specs: BucketRef;
  readonly audit: BucketRef;
  readonly staticAssets: BucketRef;
  /**
   * The region's server access log bucket; sources log to `logTargetName`, which in this
   * stack waits for the bucket policy that admits them.
   */
  readonly accessLogs: { readonly bucketName: string; readonly logTargetName: string };
  private readonly stack: LayerStack;

  constructor(scope: Construct, id: string, props: DataBucketsProps) {
    super(scope, id);
    const stack = props.stack;
    this.stack = stack;
    const env = stack.environment;
    const accountId = env.accountId;

    if (props.role === DataRegionRole.SECONDARY) {
      // The primary region's stack owns the replicas in this region (see above).
      const { replicas, replicaAccessLogs } = dataBucketNames(stack.naming, accountId);
      const refer = (bucketName: string): BucketRef => ({
        bucketName,
        bucketArn: arnOf(this, { service: 's3', region: '', account: '', resource: bucketName }),
        regionalDomainName: `${bucketName}.s3.${stack.region}.amazonaws.com`,
      });
      this.specs = refer(replicas.specs);
      this.audit = refer(replicas.audit);
      this.staticAssets = refer(replicas.static);
      this.accessLogs = { bucketName: replicaAccessLogs, logTargetName: replicaAccessLogs };
      return;
    }

    const secondary = env.secondaryRegion;
    let replicate: ((bucket: ContentBucket) => BucketReplication) | undefined;
    if (props.role === DataRegionRole.PRIMARY && secondary && props.replicaKeys) {
      const provider = stack.providerFor(secondary.name);
      const naming = stack.namingFor(secondary.name);
      const replicaKmsKey = props.replicaKeys.keyOf(DATA_STORE_KEYS.buckets);
      const { replicas: replicaNames, replicaAccessLogs: replicaLogs } = dataBucketNames(
        naming,
        accountId,
      );
      const replicaLogBucket = new AccessLogBucket(this, 'replica-access-logs', {
        provider,
        bucketName: replicaLogs,
        sourceBucketNames: [
          ...Object.values(replicaNames),
          dataBucketNames(naming, accountId).logArchive,
        ],
        accountId,
        // The secondary region's edge ALB logs here too.
        loadBalancerLogs: true,
      });
      replicate = (bucket) => {
        const replica = this.contentBucket(bucket, {
          provider,
          naming,
          bucketName: replicaNames[bucket],
          kmsKey: replicaKmsKey,
          accessLogBucketName: replicaLogBucket.logTargetName,
        });
        return {
          destinationBucket: replica,
          destinationKmsKey: replicaKmsKey,
          roleName: stack.naming.name(`${bucket}-replication`),
          // A 15-minute replication SLA with metrics, so lag is measurable (see README RPO).
          replicationTimeControl: true,
        };
      };
    }

    const { content: names, accessLogs, logArchive } = dataBucketNames(stack.naming, accountId);
    const logs = new AccessLogBucket(this, 'access-logs', {
      bucketName: accessLogs,
      sourceBucketNames: [...Object.values(names), logArchive],
      accountId,
      // The edge layer's ALB in this region logs here too.
      loadBalancerLogs: true,
    });
    this.accessLogs = logs;
    const create = (bucket: ContentBucket) =>
      this.contentBucket(bucket, {
        naming: stack.naming,
        bucketName: names[bucket],
        kmsKey: props.keys.keyOf(DATA_STORE_KEYS.buckets),
        accessLogBucketName: logs.logTargetName,
        replication: replicate?.(bucket),
      });
    this.specs = create('specs');
    this.audit = create('audit');
    this.staticAssets = create('static');
  }

  private contentBucket(
    bucket: ContentBucket,
    placement: {
      readonly naming: Naming;
      readonly bucketName: string;
      readonly kmsKey: IKmsKey;
      readonly accessLogBucketName: string;
      readonly replication?: BucketReplication;
      readonly provider?: TerraformProvider;
    },
  ): SecureBucket {
    const env = this.stack.environment;
    const common = {
      ...placement,
      accountId: env.accountId,
      tiering: true,
      temporaryObjects: TEMPORARY_OBJECTS,
    };
    const id = `${bucket}-${placement.naming.region}`;
    switch (bucket) {
      case 'specs':
        // Specifications are the registry's source of truth: backed up and kept a year.
        return new SecureBucket(this, id, {
          ...common,
          noncurrentVersionExpirationDays: 365,
          tags: { [BACKUP_TAG.key]: BACKUP_TAG.value },
        });
      case 'audit': {
        const audit = new SecureBucket(this, id, {
          ...common,
          objectLockRetentionDays: env.data.auditLogRetentionDays,
        });
        grantAuditDelivery(audit, env.accountId);
        return audit;
      }
      case 'static': {
        const staticAssets = new SecureBucket(this, id, {
          ...common,
          // Static assets are rebuilt by the portal pipeline; old versions go after a month.
          noncurrentVersionExpirationDays: env.data.noncurrentVersionDays,
          tiering: false,
        });
        // The edge layer's distribution is created later, so the grant names the account's
        // distributions rather than one.
        staticAssets.grantRead(cloudFrontOriginAccess(this), {
          sid: 'CloudFrontOriginAccessControlRead',
        });
        return staticAssets;
      }
    }
  }
}

/**
 * The observability layer's CloudTrail trail and AWS Config recorder deliver into the audit
 * bucket, each under its own prefix and only for this account.
 */
function grantAuditDelivery(audit: SecureBucket, accountId: string): void {
  const fromAccount = { 'aws:SourceAccount': accountId };
  const ownerControlled = {
    StringEquals: { ...fromAccount, 's3:x-amz-acl': 'bucket-owner-full-control' },
  };
  audit.grantDeliveryCheck(
    new ServicePrincipal(['cloudtrail.amazonaws.com', 'config.amazonaws.com'], {
      StringEquals: fromAccount,
    }),
    { sid: 'AuditServicesCheckBucket' },
  );
  audit.grantPut(new ServicePrincipal('cloudtrail.amazonaws.com', ownerControlled), {
    sid: 'CloudTrailDelivery',
    keyPattern: `cloudtrail/AWSLogs/${accountId}/*`,
  });
  audit.grantPut(new ServicePrincipal('config.amazonaws.com', ownerControlled), {
    sid: 'ConfigDelivery',
    keyPattern: `config/AWSLogs/${accountId}/Config/*`,
  });
}
