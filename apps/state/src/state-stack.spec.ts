import { Testing } from 'cdktf';
import { EnvironmentTier, exampleEnvironment, LAYERS } from '@strata/config';
import {
  onlyResource,
  policyOf,
  resourcesOfType,
  s3BackendConfig,
  synthesizeStack,
} from '@strata/core';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { StateStack } from './state-stack';

function synthState(environment = exampleEnvironment()) {
  return synthesizeStack(
    new StateStack(Testing.app(), `state-${environment.name}`, { environment }),
  );
}

const bucketsNamed = (json: ReturnType<typeof synthState>) =>
  Object.values(resourcesOfType(json, 'aws_s3_bucket'))
    .map((bucket) => bucket.bucket)
    .sort();

describe('StateStack', () => {
  it('keeps its own state in the bucket it creates, locked like every other stack', () => {
    const json = synthState();
    expect(json.terraform?.backend?.s3).toMatchObject({
      bucket: 'strata-prod-use1-tfstate-333333333333',
      key: 'state/prod/us-east-1/terraform.tfstate',
      dynamodb_table: 'strata-prod-use1-tflock',
      use_lockfile: true,
    });
    expect(bucketsNamed(json)).toContain('strata-prod-use1-tfstate-333333333333');
  });

  it('creates the bucket and lock table the other stacks’ backends name', () => {
    const json = synthState();
    expect(bucketsNamed(json)).toEqual(
      expect.arrayContaining(['strata-prod-use1-tfstate-333333333333']),
    );
    expect(onlyResource(json, 'aws_dynamodb_table').name).toBe('strata-prod-use1-tflock');
  });

  it('encrypts state and lock table with a rotating customer key', () => {
    const json = synthState();
    const keys = Object.values(resourcesOfType(json, 'aws_kms_key'));
    expect(keys.every((key) => key.enable_key_rotation === true)).toBe(true);
    const lockTable = onlyResource(json, 'aws_dynamodb_table');
    expect((lockTable.server_side_encryption as { kms_key_arn: string }).kms_key_arn).toContain(
      'aws_kms_key.',
    );
    const encryption = Object.values(
      resourcesOfType(json, 'aws_s3_bucket_server_side_encryption_configuration'),
    );
    const kmsEncrypted = encryption.filter((config) =>
      JSON.stringify(config.rule).includes('"sse_algorithm":"aws:kms"'),
    );
    expect(kmsEncrypted).toHaveLength(2); // state bucket and its replica
  });

  it('replicates production state to the secondary region under a key of that region', () => {
    const json = synthState();
    expect(bucketsNamed(json)).toEqual([
      'strata-prod-use1-tfstate-333333333333',
      'strata-prod-use1-tfstate-logs-333333333333',
      'strata-prod-usw2-tfstate-logs-333333333333',
      'strata-prod-usw2-tfstate-replica-333333333333',
    ]);
    const replication = onlyResource(json, 'aws_s3_bucket_replication_configuration');
    expect(JSON.stringify(replication.rule)).toContain('state-replica-bucket');
    const replica = Object.values(resourcesOfType(json, 'aws_s3_bucket')).find((bucket) =>
      String(bucket.bucket).includes('replica'),
    );
    expect(replica?.provider).toBe('aws.usw2');
  });

  it('does not replicate outside production', () => {
    const json = synthState(exampleEnvironment({ name: 'staging', tier: EnvironmentTier.STAGING }));
    expect(resourcesOfType(json, 'aws_s3_bucket_replication_configuration')).toEqual({});
    expect(bucketsNamed(json)).toEqual([
      'strata-staging-use1-tfstate-333333333333',
      'strata-staging-use1-tfstate-logs-333333333333',
    ]);
  });

  it('lets only S3 log delivery for the state bucket write access logs', () => {
    const json = synthState();
    const logPolicy = Object.values(resourcesOfType(json, 'aws_s3_bucket_policy'))
      .map((policy) => policyOf(policy).Statement)
      .find((statements) =>
        statements.some((statement) => statement.Sid === 'S3ServerAccessLogDelivery'),
      );
    expect(logPolicy?.[1]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: {
        ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::strata-prod-use1-tfstate-333333333333'] },
        StringEquals: { 'aws:SourceAccount': '333333333333' },
      },
    });
  });

  it("creates the workflows' identities: GitHub's OIDC provider, a plan role and an apply role per layer", () => {
    const json = synthState();
    expect(onlyResource(json, 'aws_iam_openid_connect_provider')).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    const roles = Object.values(resourcesOfType(json, 'aws_iam_role'));
    const role = (name: string) => roles.find((candidate) => candidate.name === name)!;
    const subjects = (name: string) =>
      policyOf(role(name), 'assume_role_policy').Statement[0].Condition as Record<
        string,
        Record<string, unknown>
      >;
    expect(subjects('strata-prod-github-plan').StringLike).toEqual({
      'token.actions.githubusercontent.com:sub': [
        'repo:example-org/strata:pull_request',
        'repo:example-org/strata:ref:refs/heads/main',
      ],
    });
    // Only jobs of the protected GitHub environment may apply, whichever layer.
    for (const layer of LAYERS) {
      expect(subjects(`strata-prod-github-apply-${layer}`).StringLike).toEqual({
        'token.actions.githubusercontent.com:sub': ['repo:example-org/strata:environment:prod'],
      });
    }
    expect(roles.some((candidate) => candidate.name === 'strata-prod-github-apply')).toBe(false);
    const planPolicy = Object.values(resourcesOfType(json, 'aws_iam_role_policy'))
      .map((policy) => JSON.stringify(policyOf(policy).Statement))
      .join();
    expect(planPolicy).toContain('arn:aws:s3:::strata-prod-use1-tfstate-333333333333/*');
    expect(planPolicy).toContain('dynamodb:PutItem');
  });

  it('references the account OIDC provider another environment of the account owns', () => {
    const json = synthState(exampleEnvironment({ observability: { accountServices: false } }));
    expect(resourcesOfType(json, 'aws_iam_openid_connect_provider')).toEqual({});
    const plan = Object.values(resourcesOfType(json, 'aws_iam_role')).find(
      (role) => role.name === 'strata-prod-github-plan',
    )!;
    expect(JSON.stringify(policyOf(plan, 'assume_role_policy'))).toContain(
      'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com',
    );
  });

  /** The simulator's decision on one request by a role of the example account. */
  async function simulate(
    roleName: string,
    policies: Pick<Simulation, 'identityPolicies' | 'permissionBoundaryPolicies'>,
    action: string,
    resource: string,
  ) {
    const result = await runSimulation(
      {
        ...policies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: {
          action,
          principal: `arn:aws:iam::333333333333:role/${roleName}`,
          resource: { accountId: '333333333333', resource },
          contextVariables: {},
        },
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
    return result.overallResult;
  }

  /** ARNs known at apply only, spelled out as AWS will (the simulator must see no token). */
  function knownArns(policy: string): string {
    const resolved = policy
      .replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, 'arn:aws:kms:us-east-1:333333333333:key/state')
      .replace(
        /\$\{aws_dynamodb_table\.[^}]+\.arn\}/g,
        'arn:aws:dynamodb:us-east-1:333333333333:table/strata-prod-use1-tflock',
      );
    expect(resolved).not.toContain('${');
    return resolved;
  }

  describe('the plan role, evaluated with an IAM policy simulator', () => {
    const json = synthState();
    const plan = Object.entries(resourcesOfType(json, 'aws_iam_role_policy'))
      .filter(([id]) => id.startsWith('github_plan_'))
      .map(([id, policy]) => ({
        name: id,
        policy: JSON.parse(knownArns(String(policy.policy))) as Record<string, unknown>,
      }));
    const decide = (action: string, resource: string) =>
      simulate('strata-prod-github-plan', { identityPolicies: plan }, action, resource);
    const state =
      'arn:aws:s3:::strata-prod-use1-tfstate-333333333333/prod/us-east-1/network.tfstate';

    it('reads state and takes and releases its lock object', async () => {
      expect(await decide('s3:GetObject', state)).toBe('Allowed');
      expect(await decide('s3:PutObject', `${state}.tflock`)).toBe('Allowed');
      expect(await decide('s3:DeleteObject', `${state}.tflock`)).toBe('Allowed');
      expect(
        await decide(
          'dynamodb:PutItem',
          'arn:aws:dynamodb:us-east-1:333333333333:table/strata-prod-use1-tflock',
        ),
      ).toBe('Allowed');
    });

    it('can write or delete no state object', async () => {
      expect(await decide('s3:PutObject', state)).toBe('ImplicitlyDenied');
      expect(await decide('s3:DeleteObject', state)).toBe('ImplicitlyDenied');
      expect(
        await decide(
          's3:PutObject',
          'arn:aws:s3:::strata-prod-use1-tfstate-333333333333/x.tflock/evil',
        ),
      ).toBe('ImplicitlyDenied');
    });

    describe('while the state is failed over', () => {
      const failedOver = exampleEnvironment({
        state: { replication: true, activeRegion: 'secondary' },
      });
      // Where a failed-over stack's backend points: the bucket and key backends are built from.
      const { bucket, key } = s3BackendConfig({
        environment: failedOver,
        stateName: 'network',
        scope: 'us-west-2',
      });
      const replicaState = `arn:aws:s3:::${bucket}/${key}`;

      it('points at the replica this stack creates', () => {
        expect(bucketsNamed(json)).toContain(bucket);
      });

      it("reads the replica's state and takes its lock object there", async () => {
        expect(await decide('s3:GetObject', replicaState)).toBe('Allowed');
        expect(await decide('s3:PutObject', `${replicaState}.tflock`)).toBe('Allowed');
        expect(await decide('s3:DeleteObject', `${replicaState}.tflock`)).toBe('Allowed');
      });

      it('writes or deletes no state object of the replica', async () => {
        expect(await decide('s3:PutObject', replicaState)).toBe('ImplicitlyDenied');
        expect(await decide('s3:DeleteObject', replicaState)).toBe('ImplicitlyDenied');
      });
    });
  });

  describe('the apply roles: one per layer, its services only, within one boundary (IAM simulation)', () => {
    const json = synthState();
    const resolveState = (policy: string) =>
      knownArns(
        policy
          .replace(
            /\$\{aws_s3_bucket\.state-bucket[^}]*\.arn\}/g,
            'arn:aws:s3:::strata-prod-use1-tfstate-333333333333',
          )
          .replace(
            /\$\{aws_s3_bucket\.state-replica[^}]*\.arn\}/g,
            'arn:aws:s3:::strata-prod-usw2-tfstate-replica-333333333333',
          )
          .replace(
            /\$\{aws_iam_openid_connect_provider\.[^}]+\.arn\}/g,
            'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com',
          ),
      );
    const boundary = Object.entries(resourcesOfType(json, 'aws_iam_policy')).find(([id]) =>
      id.startsWith('github_apply-boundary'),
    )?.[1];
    const roles = Object.values(resourcesOfType(json, 'aws_iam_role'));
    const policiesOf = (layer: string) =>
      Object.entries(resourcesOfType(json, 'aws_iam_role_policy'))
        .filter(([id]) => id.startsWith(`github_apply-${layer}_`))
        .map(([id, policy]) => ({
          name: id,
          policy: JSON.parse(resolveState(String(policy.policy))) as Record<string, unknown>,
        }));
    const decideAs = (layer: string) => (action: string, resource: string) =>
      simulate(
        `strata-prod-github-apply-${layer}`,
        {
          identityPolicies: policiesOf(layer),
          permissionBoundaryPolicies: [
            {
              name: 'boundary',
              policy: JSON.parse(resolveState(String(boundary?.policy))) as Record<string, unknown>,
            },
          ],
        },
        action,
        resource,
      );
    const decide = decideAs('state');
    const bucket = 'arn:aws:s3:::strata-prod-use1-tfstate-333333333333';
    const stateOf = (name: string, scope = 'us-east-1') =>
      `${bucket}/${name}/prod/${scope}/terraform.tfstate`;

    it('carry the boundary and no managed policy (no AdministratorAccess)', () => {
      for (const layer of LAYERS) {
        const role = roles.find(
          (candidate) => candidate.name === `strata-prod-github-apply-${layer}`,
        );
        expect(String(role?.permissions_boundary)).toMatch(
          /^\$\{aws_iam_policy\.github_apply-boundary/,
        );
      }
      expect(JSON.stringify(resourcesOfType(json, 'aws_iam_role_policy_attachment'))).not.toContain(
        'AdministratorAccess',
      );
    });

    it('let the network role build networks, not databases, clusters or buckets', async () => {
      const network = decideAs('network');
      const vpc = 'arn:aws:ec2:us-east-1:333333333333:vpc/vpc-0123456789abcdef0';
      expect(await network('ec2:CreateVpc', vpc)).toBe('Allowed');
      expect(
        await network('rds:CreateDBCluster', 'arn:aws:rds:us-east-1:333333333333:cluster:x'),
      ).toBe('ImplicitlyDenied');
      expect(
        await network('eks:DeleteCluster', 'arn:aws:eks:us-east-1:333333333333:cluster/x'),
      ).toBe('ImplicitlyDenied');
      expect(
        await network('s3:PutBucketPolicy', 'arn:aws:s3:::strata-prod-use1-velero-333333333333'),
      ).toBe('ImplicitlyDenied');
    });

    it("let each role write its own layer's state and read only the layers it reads", async () => {
      const data = decideAs('data');
      expect(await data('s3:PutObject', stateOf('data'))).toBe('Allowed');
      expect(await data('s3:PutObject', `${stateOf('data')}.tflock`)).toBe('Allowed');
      expect(await data('s3:GetObject', stateOf('network'))).toBe('Allowed');
      // s3:* for its own buckets does not reach other layers' state.
      expect(await data('s3:PutObject', stateOf('network'))).toBe('ExplicitlyDenied');
      expect(await data('s3:DeleteObject', stateOf('cluster-addons'))).toBe('ExplicitlyDenied');
      expect(await data('s3:GetObject', stateOf('edge'))).toBe('ExplicitlyDenied');
      const cluster = decideAs('cluster');
      expect(await cluster('s3:PutObject', stateOf('cluster-addons'))).toBe('Allowed');
      expect(await cluster('s3:GetObject', stateOf('data'))).toBe('Allowed');
      const network = decideAs('network');
      expect(await network('s3:PutObject', stateOf('network-peering', 'global'))).toBe('Allowed');
      expect(await network('s3:GetObject', stateOf('data'))).toBe('ExplicitlyDenied');
      expect(
        await network(
          'dynamodb:PutItem',
          'arn:aws:dynamodb:us-east-1:333333333333:table/strata-prod-use1-tflock',
        ),
      ).toBe('Allowed');
    });

    it('lets the state role create roles and write its own state', async () => {
      expect(await decide('iam:CreateRole', 'arn:aws:iam::333333333333:role/strata-x')).toBe(
        'Allowed',
      );
      expect(await decide('s3:PutObject', stateOf('state'))).toBe('Allowed');
    });

    it('cannot widen its own trust, drop its boundary or mint long-lived credentials', async () => {
      const self = 'arn:aws:iam::333333333333:role/strata-prod-github-apply-state';
      expect(await decide('iam:UpdateAssumeRolePolicy', self)).toBe('ExplicitlyDenied');
      expect(await decide('iam:DeleteRolePermissionsBoundary', self)).toBe('ExplicitlyDenied');
      expect(
        await decide('iam:PutRolePolicy', 'arn:aws:iam::333333333333:role/strata-prod-github-plan'),
      ).toBe('ExplicitlyDenied');
      expect(
        await decide(
          'iam:CreatePolicyVersion',
          'arn:aws:iam::333333333333:policy/strata-prod-github-apply-boundary',
        ),
      ).toBe('ExplicitlyDenied');
      expect(await decide('iam:CreateAccessKey', 'arn:aws:iam::333333333333:user/anyone')).toBe(
        'ExplicitlyDenied',
      );
    });

    it('cannot erase state history, the lock table or the state key', async () => {
      expect(
        await decide(
          's3:DeleteObjectVersion',
          `${bucket}/network/prod/us-east-1/terraform.tfstate`,
        ),
      ).toBe('ExplicitlyDenied');
      expect(await decide('s3:DeleteBucket', bucket)).toBe('ExplicitlyDenied');
      expect(
        await decide(
          's3:DeleteBucket',
          'arn:aws:s3:::strata-prod-usw2-tfstate-replica-333333333333',
        ),
      ).toBe('ExplicitlyDenied');
      expect(
        await decide(
          'dynamodb:DeleteTable',
          'arn:aws:dynamodb:us-east-1:333333333333:table/strata-prod-use1-tflock',
        ),
      ).toBe('ExplicitlyDenied');
      expect(
        await decide('kms:ScheduleKeyDeletion', 'arn:aws:kms:us-east-1:333333333333:key/state'),
      ).toBe('ExplicitlyDenied');
    });
  });
});
