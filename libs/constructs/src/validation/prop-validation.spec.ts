import { EksCluster } from '../eks/eks-cluster';
import { ServicePrincipal } from '../iam/grant';
import { cloudWatchLogsKeyStatement, KmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { Vpc } from '../network/vpc';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { SecureBucket } from '../s3/secure-bucket';
import { DurableQueue } from '../sqs/durable-queue';
import { policyOf, resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { TEST_ACCOUNT, testStack } from '../testing/test-stack';
import { NatStrategy } from '../vocabulary/nat-strategy';
import {
  bucketNameRule,
  elastiCacheIdRule,
  iamRoleNameRule,
  kmsAliasRule,
  logGroupNameRule,
  queueNameRule,
  rdsIdentifierRule,
} from './aws-name-rules';
import { ServiceRole } from '../iam/service-role';
import { serviceTrustPolicy } from '../iam/policy-document';
import { UNRESOLVED } from './readable';
import { vpcFixture } from '../testing/vpc-fixture';

/** What cdktf prints for a token when a message forgets to resolve it. */
const RAW_TOKEN = /TfToken|TOKEN\.\d+/;

/** The error `build` throws, for assertions on its whole message. */
function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected an error, none was thrown');
}

describe('props AWS would refuse fail at construction, naming the construct, prop and rule', () => {
  it('a KMS alias given with its "alias/" prefix (it would become alias/alias/x)', () => {
    const stack = testStack();
    const message = errorOf(() => new KmsKey(stack, 'key', { description: 'd', alias: 'alias/x' }));
    expect(message).toBe(
      'KmsKey test/key: alias "alias/x": give the alias without "alias/": the construct adds it (this would be "alias/alias/...")',
    );
    expect(kmsAliasRule('aws/s3')).toMatch(/reserved for AWS managed keys/);
    expect(kmsAliasRule('team key')).toMatch(/only letters, digits/);
    expect(kmsAliasRule('a'.repeat(251))).toMatch(/at most 256/);
    expect(kmsAliasRule('strata/prod-logs')).toBeUndefined();
  });

  it('a FIFO queue named with ".fifo" (it would become q.fifo.fifo), and names past 80', () => {
    const stack = testStack();
    const kmsKey = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/q');
    const message = errorOf(
      () => new DurableQueue(stack, 'queue', { queueName: 'q.fifo', fifo: true, kmsKey }),
    );
    expect(message).toMatch(
      /^DurableQueue test\/queue: queueName "q\.fifo": give the name without/,
    );
    // The dead-letter queue's name is the longest: 75 + "-dlq" = 79 fits, 77 + "-dlq" does not.
    expect(queueNameRule('a'.repeat(76), '-dlq')).toBeUndefined();
    expect(queueNameRule('a'.repeat(72), '-dlq.fifo')).toMatch(/at most 80 characters/);
    expect(queueNameRule('orders events', '-dlq')).toMatch(/only letters, digits/);
  });

  it('a VPC too small for the subnet plan (a /24 would give /30 subnets)', () => {
    const stack = testStack();
    const build =
      (cidr: string, azCount = 3) =>
      () =>
        new Vpc(stack, `vpc-${cidr.replace(/\W/g, '-')}-${azCount}`, {
          name: 'v',
          cidr,
          azCount,
          natStrategy: NatStrategy.SINGLE,
          flowLogKmsKey: KmsKey.fromKeyArn(
            stack,
            `key-${cidr}-${azCount}`,
            'arn:aws:kms:us-east-1:1:key/k',
          ),
        });
    expect(errorOf(build('10.0.0.0/24'))).toBe(
      'Vpc test/vpc-10-0-0-0-24-3: cidr "10.0.0.0/24": the plan cuts the data and public subnets to /30 (an eighth of an eighth) and AWS\'s smallest subnet is /28, so the VPC is /22 at the smallest',
    );
    expect(errorOf(build('10.0.0.0/12'))).toMatch(
      /cidr "10\.0\.0\.0\/12": a VPC block is \/16 at the largest/,
    );
    expect(errorOf(build('10.0.0.1/16'))).toMatch(/is not written canonically/);
    expect(errorOf(build('10.0.0.0/16', 7))).toMatch(/azCount "7": an integer from 1 to 6/);
    expect(build('10.0.0.0/22')).not.toThrow();
  });

  it('bucket names S3 refuses: upper case, underscores, reserved affixes, IP addresses', () => {
    const stack = testStack();
    const kmsKey = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/b');
    expect(
      errorOf(() => new SecureBucket(stack, 'bucket', { bucketName: 'Team_Data', kmsKey })),
    ).toBe(
      'SecureBucket test/bucket: bucketName "Team_Data": a bucket name has only lower-case letters, digits, dots and hyphens',
    );
    expect(bucketNameRule('ab')).toMatch(/3 to 63/);
    expect(bucketNameRule('-data')).toMatch(/begins and ends/);
    expect(bucketNameRule('a..b')).toMatch(/adjacent dots/);
    expect(bucketNameRule('192.168.1.1')).toMatch(/IP address/);
    expect(bucketNameRule('xn--data')).toMatch(/"xn--"/);
    expect(bucketNameRule('data-s3alias')).toMatch(/"-s3alias"/);
    expect(bucketNameRule('strata-prod-data.logs')).toBeUndefined();
  });

  it('role names, RDS identifiers and log group names AWS refuses', () => {
    const stack = testStack();
    expect(
      errorOf(
        () =>
          new ServiceRole(stack, 'role', {
            roleName: 'team role',
            assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', TEST_ACCOUNT),
          }),
      ),
    ).toBe(
      'ServiceRole test/role: roleName "team role": a role name has only letters, digits and "+=,.@_-"',
    );
    expect(iamRoleNameRule('r'.repeat(65))).toMatch(/at most 64/);
    expect(iamRoleNameRule('strata-prod+ci@deploy')).toBeUndefined();
    expect(rdsIdentifierRule('1db')).toMatch(/begins with a letter/);
    expect(rdsIdentifierRule('db--main')).toMatch(/no two hyphens/);
    expect(rdsIdentifierRule('db_main')).toMatch(/only letters, digits and hyphens/);
    // Instances are `<cluster>-<n>`: 61 + "-2" = 63 fits, 62 + "-2" does not.
    expect(rdsIdentifierRule('d'.repeat(61), '-2')).toBeUndefined();
    expect(rdsIdentifierRule('d'.repeat(62), '-2')).toMatch(/at most 63/);
    expect(
      errorOf(
        () =>
          new EncryptedLogGroup(stack, 'group', {
            logGroupName: '/strata/app logs',
            kmsKey: KmsKey.fromKeyArn(stack, 'logs', 'arn:aws:kms:us-east-1:1:key/l'),
          }),
      ),
    ).toMatch(
      /^EncryptedLogGroup test\/group: logGroupName "\/strata\/app logs": a log group name/,
    );
    expect(logGroupNameRule('/aws/eks/strata-prod/cluster')).toBeUndefined();
  });

  it('ElastiCache ids: the cluster name, and the user and group ids the construct makes', () => {
    expect(elastiCacheIdRule('team-cache')).toBeUndefined();
    expect(elastiCacheIdRule('Team-Cache')).toMatch(/only lower-case letters/);
    expect(elastiCacheIdRule('1cache')).toMatch(/begins with a letter/);
    expect(elastiCacheIdRule('cache--a')).toMatch(/no two hyphens/);
    expect(elastiCacheIdRule('cache-')).toMatch(/does not end with one/);
    expect(elastiCacheIdRule('c'.repeat(41))).toMatch(/1 to 40/);
    // RedisCluster applies it to its props (redis-cluster.spec.ts).
  });

  it('checks a name holding tokens on its literal parts, and prints no raw token', () => {
    const stack = testStack('us-east-1', false);
    const { account } = awsEnvironmentOf(stack);
    const kmsKey = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/b');
    new SecureBucket(stack, 'fine', { bucketName: `strata-${account}-logs`, kmsKey });
    const message = errorOf(
      () => new SecureBucket(stack, 'bad', { bucketName: `Strata-${account}`, kmsKey }),
    );
    expect(message).toBe(
      `SecureBucket test/bad: bucketName "Strata-${UNRESOLVED}": a bucket name has only lower-case letters, digits, dots and hyphens`,
    );
    expect(message).not.toMatch(RAW_TOKEN);
  });

  it('an imported resource refuses a service grant with no raw token in the message', () => {
    const stack = testStack('us-east-1', false);
    const bucket = SecureBucket.fromBucketName(stack, 'imported', 'team-data');
    const service = new ServicePrincipal('cloudfront.amazonaws.com', {
      StringEquals: { 'aws:SourceAccount': awsEnvironmentOf(stack).account },
    });
    const message = errorOf(() => bucket.grantRead(service));
    expect(message).toContain(`arn:${UNRESOLVED}:s3:::team-data/*`);
    expect(message).not.toMatch(RAW_TOKEN);
  });

  it('a service principal with no condition (the docs say such grants are refused)', () => {
    expect(errorOf(() => new ServicePrincipal('cloudtrail.amazonaws.com', {}))).toMatch(
      /^ServicePrincipal \[cloudtrail\.amazonaws\.com\]: conditions is empty; .*aws:SourceAccount/,
    );
    expect(() => new ServicePrincipal('s3.amazonaws.com', { StringEquals: {} })).toThrow(
      /conditions is empty/,
    );
  });

  it("a log group's key without the CloudWatch Logs statement fails at synth", () => {
    const stack = testStack();
    const bare = new KmsKey(stack, 'bare', { description: 'no logs statement', alias: 'bare' });
    new EncryptedLogGroup(stack, 'group', { logGroupName: '/strata/x', kmsKey: bare });
    expect(() => synthesizeStack(stack)).toThrow(
      /EncryptedLogGroup test\/group: kmsKey "alias\/bare": its key policy has no statement for CloudWatch Logs/,
    );

    const ready = testStack();
    const key = new KmsKey(ready, 'logs', { description: 'logs', alias: 'logs' });
    new EncryptedLogGroup(ready, 'group', { logGroupName: '/strata/x', kmsKey: key });
    // A statement added after the log group still counts: the policy is read at synth.
    key.addToResourcePolicy(cloudWatchLogsKeyStatement('us-east-1', '333333333333'));
    expect(() => synthesizeStack(ready)).not.toThrow();
  });
});

describe('partitions where the region is looked up', () => {
  it('a CloudWatch Logs key statement needs the partition when the region is a token', () => {
    const stack = testStack('us-gov-west-1', false);
    const { region, account } = awsEnvironmentOf(stack);
    const message = errorOf(() => cloudWatchLogsKeyStatement(region, account));
    expect(message).toMatch(/region "<resolved by Terraform>" is resolved by Terraform/);
    expect(message).not.toMatch(RAW_TOKEN);
  });

  it("EksCluster's key policy names the looked-up partition, never arn:aws: (GovCloud, China)", () => {
    const stack = testStack('us-gov-west-1', false);
    new EksCluster(stack, 'cluster', {
      clusterName: 'gov',
      kubernetesVersion: '1.34',
      vpc: vpcFixture(stack),
      publicAccessCidrs: [],
      adminRoleArns: [],
    });
    const json = synthesizeStack(stack);
    const [key] = Object.values(resourcesOfType(json, 'aws_kms_key'));
    const policy = JSON.stringify(policyOf(key));
    expect(policy).toContain('arn:${data.aws_partition.aws-environment-partition.partition}:logs:');
    expect(policy).not.toContain('arn:aws:');
  });
});
