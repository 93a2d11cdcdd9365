import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { findWorkspaceRoot, humanRoleName, loadEnvironments } from '@strata/config';
import { SESSION_PREFERENCES_DOCUMENT } from '@strata/constructs';
import { synthesizeStackJsons } from './layer-apps';

// People reach an environment through two roles the state stack creates, only with MFA. The
// path a shell takes crosses three layers: the operator's policy (state) must admit the nodes
// by the tags the cluster puts on them and the session key by the alias the data layer gives
// it, and the cluster must let the roles in. Each joint is evaluated here by an IAM policy
// simulator (@cloud-copilot/iam-simulate) over the synthesized production stacks.

type Block = Record<string, unknown>;
interface StackJson {
  resource: Record<string, Record<string, Block>>;
}
const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-human-access-'));
const prod = loadEnvironments().find((env) => env.name === 'prod');
if (!prod) throw new Error('environments/prod.yaml is missing');
const account = prod.accountId;

function stack(app: string, name: string): StackJson {
  const found = synthesizeStackJsons<StackJson>(root, app, join(work, app), 'prod').get(name);
  if (!found) throw new Error(`no ${name}`);
  return found.json;
}

const state = stack('state', 'state-prod');
const cluster = stack('cluster', 'cluster-prod-us-east-1');
const data = stack('data', 'data-prod-us-east-1');

/** A synthesized policy document as IAM receives it (Terraform's `$${` escape undone). */
const document = (text: unknown) => JSON.parse(String(text).replace(/\$\$\{/g, '${')) as Block;

function roleOf(kind: 'operator' | 'viewer') {
  const name = humanRoleName(prod!, kind);
  const [id, role] =
    Object.entries(state.resource.aws_iam_role).find(([, r]) => r.name === name) ?? [];
  if (!id || !role) throw new Error(`no role ${name}`);
  const inline = Object.entries(state.resource.aws_iam_role_policy ?? {})
    .filter(([, policy]) => policy.role === `\${aws_iam_role.${id}.name}`)
    .map(([policyId, policy]) => ({ name: policyId, policy: document(policy.policy) }));
  return {
    arn: `arn:aws:iam::${account}:role/${name}`,
    trust: document(role.assume_role_policy),
    inline,
  };
}

async function decide(request: {
  identityPolicies: Array<{ name: string; policy: Block }>;
  resourcePolicy?: Block;
  action: string;
  principal: string;
  resource: string;
  context?: Record<string, string | string[]>;
}): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: request.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
      request: {
        action: request.action,
        principal: request.principal,
        resource: { accountId: account, resource: request.resource },
        contextVariables: request.context ?? {},
      },
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
  return result.overallResult;
}

describe('people reach the environment with MFA only', () => {
  const alice = `arn:aws:iam::${account}:user/alice`;
  const mayAssume = [
    {
      name: 'may-assume',
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
      },
    },
  ];

  it.each(['operator', 'viewer'] as const)(
    'the %s role is assumed with MFA signed in within the hour, never without',
    async (kind) => {
      const role = roleOf(kind);
      const assume = (context: Record<string, string>) =>
        decide({
          identityPolicies: mayAssume,
          resourcePolicy: role.trust,
          action: 'sts:AssumeRole',
          principal: alice,
          resource: role.arn,
          context,
        });
      expect(
        await assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '600' }),
      ).toBe('Allowed');
      expect(await assume({})).not.toBe('Allowed');
      expect(await assume({ 'aws:MultiFactorAuthPresent': 'false' })).not.toBe('Allowed');
      expect(
        await assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '7200' }),
      ).not.toBe('Allowed');
    },
  );

  it("the operator opens a shell on this environment's nodes, by the tags the cluster gives them, and on no other", async () => {
    const operator = roleOf('operator');
    const session = `arn:aws:sts::${account}:assumed-role/${humanRoleName(prod, 'operator')}/alice`;
    // The system nodes' instance tags, as the launch template sets them.
    const template = Object.values(cluster.resource.aws_launch_template)[0];
    const instanceTags =
      (
        template.tag_specifications as Array<{
          resource_type: string;
          tags: Record<string, string>;
        }>
      ).find((spec) => spec.resource_type === 'instance')?.tags ?? {};
    const tagContext = (tags: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(tags).map(([key, value]) => [`ssm:resourceTag/${key}`, value]),
      );
    const start = (context: Record<string, string>) =>
      decide({
        identityPolicies: operator.inline,
        action: 'ssm:StartSession',
        principal: session,
        resource: `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`,
        context,
      });
    expect(await start(tagContext(instanceTags))).toBe('Allowed');
    expect(await start(tagContext({ ...instanceTags, Environment: 'staging' }))).not.toBe(
      'Allowed',
    );
    expect(await start({})).not.toBe('Allowed');
    // With the account's shell document, and AWS's port forwarding to reach private endpoints.
    const withDocument = (document: string) =>
      decide({
        identityPolicies: operator.inline,
        action: 'ssm:StartSession',
        principal: session,
        resource: document,
      });
    expect(
      await withDocument(
        `arn:aws:ssm:us-east-1:${account}:document/${SESSION_PREFERENCES_DOCUMENT}`,
      ),
    ).toBe('Allowed');
    expect(await withDocument(`arn:aws:ssm:us-east-1:${account}:document/other`)).not.toBe(
      'Allowed',
    );
    // AWS's port-forwarding documents have no account in their ARN, which the simulator cannot
    // place; the grant names them as AWS documents them.
    const documents = operator.inline.flatMap(({ policy }) =>
      (policy.Statement as Block[]).flatMap((statement) => statement.Resource as string[]),
    );
    expect(documents).toContain(
      'arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost',
    );
    // The session is encrypted with the data layer's session key, which the operator may use.
    const alias = Object.values(data.resource.aws_kms_alias).find((candidate) =>
      String(candidate.name).endsWith('-session-manager'),
    );
    const keyAlias = alias?.name;
    const keyId = /^\$\{aws_kms_key\.([^.]+)\.key_id\}$/.exec(String(alias?.target_key_id))?.[1];
    // KMS also asks the key's own policy: it leaves the key's use to the account's IAM policies.
    const keyPolicy = document(data.resource.aws_kms_key[keyId ?? ''].policy);
    const key = `arn:aws:kms:us-east-1:${account}:key/0f1e2d3c-0000-4000-8000-000000000000`;
    const encrypt = (aliases: string[]) =>
      decide({
        identityPolicies: operator.inline,
        action: 'kms:GenerateDataKey',
        principal: session,
        resourcePolicy: keyPolicy,
        resource: key,
        context: { 'kms:ResourceAliases': aliases },
      });
    expect(await encrypt([String(keyAlias)])).toBe('Allowed');
    expect(await encrypt(['alias/strata-prod-use1-data-storage'])).not.toBe('Allowed');
    // The viewer opens no shell.
    expect(roleOf('viewer').inline).toEqual([]);
  });

  it('the cluster lets the operator administer it and the viewer read it', () => {
    const entries = Object.values(cluster.resource.aws_eks_access_entry);
    const associations = Object.values(cluster.resource.aws_eks_access_policy_association);
    const policyOf = (kind: 'operator' | 'viewer') => {
      const [id] =
        Object.entries(cluster.resource.aws_eks_access_entry).find(
          ([, entry]) => entry.principal_arn === roleOf(kind).arn,
        ) ?? [];
      return associations
        .filter((association) => String(association.principal_arn).includes(`.${id}.`))
        .map((association) => String(association.policy_arn).split('/').pop());
    };
    expect(entries.length).toBeGreaterThan(2);
    expect(policyOf('operator')).toEqual(['AmazonEKSClusterAdminPolicy']);
    expect(policyOf('viewer')).toEqual(['AmazonEKSViewPolicy']);
  });
});
