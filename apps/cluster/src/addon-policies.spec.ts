import { Testing } from 'cdktf';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { exampleEnvironment } from '@strata/config';
import { resourcesOfType, synthesizeStack } from '@strata/core';
import { gatewayApiManifestFixture } from '@strata/constructs/testing';
import { AddonsStack } from './addons-stack';

/**
 * Add-on roles' synthesized policies, evaluated with an IAM policy simulator: what the
 * controller needs is allowed, what would reach beyond its own objects is not.
 */
const json = synthesizeStack(
  new AddonsStack(Testing.app(), 'addons-prod-us-east-1', {
    environment: exampleEnvironment(),
    region: 'us-east-1',
    gatewayApiManifest: gatewayApiManifestFixture(),
  }),
);

function policyOfRole(prefix: string): Record<string, unknown> {
  const [policy] = Object.entries(resourcesOfType(json, 'aws_iam_role_policy'))
    .filter(([id]) => id.startsWith(`${prefix}_policy`))
    .map(([, resource]) => JSON.parse(String(resource.policy)) as Record<string, unknown>);
  if (!policy) throw new Error(`no inline policy of ${prefix}`);
  return policy;
}

async function decide(
  policy: Record<string, unknown>,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'inline', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: 'arn:aws:iam::333333333333:role/addon',
        resource: { accountId: '333333333333', resource },
        contextVariables: context,
      },
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
  return result.overallResult;
}

describe('Velero (IAM simulation)', () => {
  const policy = policyOfRole('velero-role');
  const snapshot = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';

  it('tags the snapshots and volumes it creates, as it creates them', async () => {
    expect(
      await decide(policy, 'ec2:CreateTags', snapshot, { 'ec2:CreateAction': 'CreateSnapshot' }),
    ).toBe('Allowed');
    expect(
      await decide(policy, 'ec2:CreateTags', 'arn:aws:ec2:us-east-1:333333333333:volume/vol-1', {
        'ec2:CreateAction': 'CreateVolume',
      }),
    ).toBe('Allowed');
  });

  it('tags nothing that already exists, so it cannot mark a snapshot as its own', async () => {
    expect(await decide(policy, 'ec2:CreateTags', snapshot)).toBe('ImplicitlyDenied');
    expect(
      await decide(
        policy,
        'ec2:CreateTags',
        'arn:aws:ec2:us-east-1:333333333333:security-group/sg-1',
        { 'ec2:CreateAction': 'CreateSecurityGroup' },
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('deletes only snapshots Velero tagged when it took them', async () => {
    expect(
      await decide(policy, 'ec2:DeleteSnapshot', snapshot, {
        'aws:ResourceTag/velero.io/backup': 'nightly-1',
      }),
    ).toBe('Allowed');
    expect(await decide(policy, 'ec2:DeleteSnapshot', snapshot)).toBe('ImplicitlyDenied');
  });
});

describe('external-dns (IAM simulation)', () => {
  const policy = policyOfRole('external-dns-role');
  const zone = 'arn:aws:route53:::hostedzone/Z0123456789';
  const names = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
  const host = exampleEnvironment().dnsDomain;

  it("changes records under this region's host", async () => {
    expect(
      await decide(policy, 'route53:ChangeResourceRecordSets', zone, {
        [names]: [`argocd.us-east-1.${host}`, `cname-argocd.us-east-1.${host}`],
      }),
    ).toBe('Allowed');
  });

  it('changes no other name, in any zone', async () => {
    for (const other of [host, `api.${host}`, `argocd.us-west-2.${host}`, 'www.example.org']) {
      expect([
        other,
        await decide(policy, 'route53:ChangeResourceRecordSets', zone, {
          [names]: [`argocd.us-east-1.${host}`, other],
        }),
      ]).toEqual([other, 'ImplicitlyDenied']);
    }
  });
});
