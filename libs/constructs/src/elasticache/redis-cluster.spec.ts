import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { cloudWatchLogsKeyStatement, KmsKey } from '../kms/kms-key';
import { onlyResource, policyOf, resourceList, synthesizeStack } from '../testing/synth-json';
import { TEST_ACCOUNT, testStack } from '../testing/test-stack';
import { RedisAuthentication, RedisCluster, RedisClusterProps } from './redis-cluster';

type Stack = ReturnType<typeof testStack>;

function props(stack: Stack, overrides: Partial<RedisClusterProps> = {}): RedisClusterProps {
  // The cache's slow log and the rotation function's logs are encrypted with it too.
  const key = new KmsKey(stack, 'key', {
    description: 'cache',
    alias: 'cache',
    additionalStatements: [cloudWatchLogsKeyStatement('us-east-1', TEST_ACCOUNT)],
  });
  return {
    clusterName: 'team-cache',
    nodeType: 'cache.t4g.small',
    shards: 1,
    replicasPerShard: 1,
    snapshotRetentionDays: 1,
    kmsKey: key,
    logKmsKey: key,
    vpcId: 'vpc-1',
    subnetIds: ['subnet-1', 'subnet-2'],
    allowedCidrs: ['10.0.0.0/16'],
    ...overrides,
  };
}

function role(stack: Stack): ServiceRole {
  return new ServiceRole(stack, 'client', {
    roleName: 'client',
    assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', '333333333333'),
  });
}

describe('RedisCluster', () => {
  it('logs clients in with IAM by default: users, a switched-off default user, no token, no secret', () => {
    const stack = testStack();
    new RedisCluster(stack, 'cache', props(stack, { iamUsers: ['api', 'worker'] }));
    const json = synthesizeStack(stack);
    const group = onlyResource(json, 'aws_elasticache_replication_group');
    expect(group.auth_token).toBeUndefined();
    const users = resourceList(json, 'aws_elasticache_user');
    expect(users.map((user) => [user.user_id, user.user_name]).sort()).toEqual([
      ['team-cache-api', 'team-cache-api'],
      ['team-cache-default', 'default'],
      ['team-cache-worker', 'team-cache-worker'],
    ]);
    expect(resourceList(json, 'aws_secretsmanager_secret')).toEqual([]);
    expect(resourceList(json, 'aws_lambda_function')).toEqual([]);
  });

  it('keeps the AUTH token path for clients that cannot sign IAM tokens', () => {
    const stack = testStack();
    const cache = new RedisCluster(
      stack,
      'cache',
      props(stack, { authentication: RedisAuthentication.AUTH_TOKEN }),
    );
    const json = synthesizeStack(stack);
    expect(String(onlyResource(json, 'aws_elasticache_replication_group').auth_token)).toContain(
      'aws_secretsmanager_random_password',
    );
    expect(cache.authSecretArn).toBeDefined();
    expect(resourceList(json, 'aws_elasticache_user')).toEqual([]);
  });

  it.each([
    [
      'users without IAM',
      { authentication: RedisAuthentication.AUTH_TOKEN, iamUsers: ['api'] },
      'iamUsers needs authentication RedisAuthentication.IAM',
    ],
    ['the default user', { iamUsers: ['default'] }, 'may not name "default"'],
    [
      'an id over 40 characters',
      { iamUsers: ['a'.repeat(30)] },
      `makes the id "team-cache-${'a'.repeat(30)}": an ElastiCache id has 1 to 40 characters`,
    ],
    ['a doubled hyphen', { iamUsers: ['-api'] }, 'makes the id "team-cache--api"'],
    [
      'an upper-case user',
      { iamUsers: ['Api'] },
      'RedisCluster test/cache: iamUsers "Api": makes the id "team-cache-Api": an ElastiCache id has only lower-case letters, digits and hyphens',
    ],
    [
      'a cluster name ElastiCache refuses',
      { clusterName: 'Team_Cache' },
      'RedisCluster test/cache: clusterName "Team_Cache": an ElastiCache id has only lower-case letters, digits and hyphens',
    ],
  ])('refuses %s, naming the cluster and the rule', (_, overrides, message) => {
    const stack = testStack();
    expect(() => new RedisCluster(stack, 'cache', props(stack, overrides))).toThrow(message);
  });

  it('grants a login as one user on an imported cluster, in the partition of the stack', () => {
    const stack = testStack('us-gov-west-1');
    const client = role(stack);
    RedisCluster.fromReplicationGroupId(stack, 'cache', 'team-cache').grantConnect(client, 'api');
    const [statement] = policyOf(
      onlyResource(synthesizeStack(stack), 'aws_iam_role_policy'),
    ).Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: 'elasticache:Connect',
      Resource: [
        'arn:aws-us-gov:elasticache:us-gov-west-1:333333333333:replicationgroup:team-cache',
        'arn:aws-us-gov:elasticache:us-gov-west-1:333333333333:user:team-cache-api',
      ],
    });
  });
});
