import { onlyResource, policyOf, resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { TerraformStack } from 'cdktf';
import { KmsKey } from '../kms/kms-key';
import { BucketEncryption, SecureBucket } from './secure-bucket';

type Props = Partial<ConstructorParameters<typeof SecureBucket>[2]>;

function synthBucket(props: Props | ((stack: TerraformStack) => Props) = {}) {
  const stack = testStack();
  new SecureBucket(stack, 'bucket', {
    bucketName: 'strata-prod-use1-specs-333333333333',
    kmsKey: KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/abc'),
    accountId: '333333333333',
    ...(typeof props === 'function' ? props(stack) : props),
  });
  return synthesizeStack(stack);
}

describe('SecureBucket', () => {
  it('is versioned, KMS-encrypted with bucket keys, ACL-free and never force-destroyed', () => {
    const json = synthBucket();
    expect(onlyResource(json, 'aws_s3_bucket').force_destroy).toBe(false);
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:us-east-1:333333333333:key/abc',
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  it('blocks every kind of public access', () => {
    expect(onlyResource(synthBucket(), 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('denies any request not made over TLS', () => {
    const [tlsOnly] = policyOf(onlyResource(synthBucket(), 'aws_s3_bucket_policy')).Statement;
    expect(tlsOnly).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('expires noncurrent versions and aborts stale multipart uploads', () => {
    const [rule] = onlyResource(
      synthBucket({ noncurrentVersionExpirationDays: 365 }),
      'aws_s3_bucket_lifecycle_configuration',
    ).rule as Array<Record<string, unknown>>;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  it('requires a key for SSE-KMS and allows SSE-S3 only when asked', () => {
    expect(() => synthBucket({ kmsKey: undefined })).toThrow(
      ': kmsKey: a key is required for SSE-KMS',
    );
    const json = synthBucket({ kmsKey: undefined, encryption: BucketEncryption.S3_MANAGED });
    const [rule] = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration')
      .rule as Array<Record<string, Record<string, unknown>>>;
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
  });

  it('replicates every object, re-encrypted with the destination key, through a scoped role', () => {
    const json = synthBucket((stack) => ({
      replication: {
        destinationBucket: SecureBucket.fromBucketName(stack, 'replica', 'replica'),
        destinationKmsKey: KmsKey.fromKeyArn(
          stack,
          'replica-key',
          'arn:aws:kms:us-west-2:333333333333:key/def',
        ),
        roleName: 'strata-prod-use1-replication',
      },
    }));
    const replication = onlyResource(json, 'aws_s3_bucket_replication_configuration');
    expect(replication.rule).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        delete_marker_replication: { status: 'Enabled' },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
        destination: {
          bucket: 'arn:aws:s3:::replica',
          storage_class: 'STANDARD',
          encryption_configuration: {
            replica_kms_key_id: 'arn:aws:kms:us-west-2:333333333333:key/def',
          },
        },
      }),
    ]);
    const trust = policyOf(onlyResource(json, 'aws_iam_role'), 'assume_role_policy').Statement[0];
    expect(trust.Principal).toEqual({ Service: 's3.amazonaws.com' });
    const actions = policyOf(onlyResource(json, 'aws_iam_role_policy')).Statement.flatMap(
      (s) => s.Action,
    );
    expect(actions).not.toContain('s3:*');
    expect(actions).toEqual(
      expect.arrayContaining(['s3:ReplicateObject', 'kms:Decrypt', 'kms:Encrypt']),
    );
  });

  it('sends access logs to the named bucket only when asked', () => {
    expect(resourcesOfType(synthBucket(), 'aws_s3_bucket_logging')).toEqual({});
    expect(
      onlyResource(synthBucket({ accessLogBucketName: 'logs' }), 'aws_s3_bucket_logging'),
    ).toMatchObject({
      target_bucket: 'logs',
      target_prefix: 'strata-prod-use1-specs-333333333333/',
    });
  });
});
