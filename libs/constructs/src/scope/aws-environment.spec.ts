import { KmsKey } from '../kms/kms-key';
import { SecureBucket } from '../s3/secure-bucket';
import { onlyResource, policyOf, resourceList, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { arnOf, awsEnvironmentOf, managedPolicyArn, partitionOfRegion } from './aws-environment';

describe('the AWS environment of a stack', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s is in partition %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it('builds ARNs in the declared partition, for regional and global resources', () => {
    const stack = testStack('cn-north-1');
    expect(arnOf(stack, { service: 'logs', resource: 'log-group:x' })).toBe(
      'arn:aws-cn:logs:cn-north-1:333333333333:log-group:x',
    );
    expect(managedPolicyArn(stack, 'AmazonEKSWorkerNodePolicy')).toBe(
      'arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy',
    );
  });

  it("keys a GovCloud stack's policies to its partition", () => {
    const stack = testStack('us-gov-west-1');
    new KmsKey(stack, 'key', { description: 'd', alias: 'a' });
    const [statement] = policyOf(onlyResource(synthesizeStack(stack), 'aws_kms_key')).Statement;
    expect(statement.Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::333333333333:root' });
  });

  it('looks account, region and partition up once per stack when nothing is declared', () => {
    const stack = testStack('us-east-1', false);
    const key = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:1:key/k');
    new SecureBucket(stack, 'a', { bucketName: 'bucket-a', kmsKey: key });
    new SecureBucket(stack, 'b', { bucketName: 'bucket-b', kmsKey: key });
    const json = synthesizeStack(stack);
    expect(resourceList(json, 'aws_s3_bucket')).toHaveLength(2);
    expect(Object.keys(json.data ?? {}).sort()).toEqual([
      'aws_caller_identity',
      'aws_partition',
      'aws_region',
    ]);
    expect(Object.keys(json.data?.aws_partition ?? {})).toHaveLength(1);
    expect(awsEnvironmentOf(stack).partition).toMatch(/^\$\{TfToken/);
  });
});
