import { policyOf, resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { AccessLogBucket } from './access-log-bucket';
import { SecureBucket } from './secure-bucket';
import { KmsKey } from '../kms/kms-key';

describe('AccessLogBucket', () => {
  function synthLoggedBucket() {
    const stack = testStack();
    const logs = new AccessLogBucket(stack, 'logs', {
      bucketName: 'strata-prod-use1-logs-333333333333',
      sourceBucketNames: ['strata-prod-use1-specs-333333333333'],
      accountId: '333333333333',
    });
    new SecureBucket(stack, 'specs', {
      bucketName: 'strata-prod-use1-specs-333333333333',
      kmsKey: KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/abc'),
      accountId: '333333333333',
      accessLogBucketName: logs.logTargetName,
    });
    return synthesizeStack(stack);
  }

  it('admits S3 log delivery only for the named source buckets of the account', () => {
    const policies = Object.values(resourcesOfType(synthLoggedBucket(), 'aws_s3_bucket_policy'));
    const delivery = policies
      .flatMap((policy) => policyOf(policy).Statement)
      .find((statement) => statement.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Condition: {
        ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::strata-prod-use1-specs-333333333333'] },
        StringEquals: { 'aws:SourceAccount': '333333333333' },
      },
    });
  });

  it('starts a source bucket logging only after the grant is in place', () => {
    // S3 refuses PutBucketLogging (InvalidTargetBucketForLogging) while the target's policy
    // does not yet admit the logging service; the target name comes from the policy resource.
    const logging = Object.values(resourcesOfType(synthLoggedBucket(), 'aws_s3_bucket_logging'))[0];
    expect(logging.target_bucket).toMatch(
      /^\$\{aws_s3_bucket_policy\.logs_policy_[0-9A-F]+\.bucket\}$/,
    );
  });
});
