import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { REMEDIATED_CONTROLS } from '@strata/constructs';
import { synthCompiledApp } from './layer-apps';
import { AwsClients, MotoBridge, startMotoBridge } from './moto-bridge';
import { synthesizedStacks } from './synthesized-stacks';
import { matchEventPatterns } from './event-patterns';

// The remediation function the observability layer deploys, run against moto's S3, S3
// Control and EC2 (real resources, real API calls by the SDK's names), and the production
// stack's event rule evaluated by event-ruler (EventBridge's own engine) against the finding
// events it must and must not receive.

const root = findWorkspaceRoot(__dirname);
type Finding = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { remediate, REMEDIATIONS } = require(
  join(root, 'libs/constructs/assets/finding-remediation/index.js'),
) as {
  remediate: (
    event: { detail: { findings: Finding[] } },
    aws: AwsClients,
  ) => Promise<Array<{ control: string; text: string }>>;
  REMEDIATIONS: Record<string, unknown>;
};

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

function finding(control: string, resource: { Type: string; Id: string }, status = 'FAILED') {
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/${control}/finding/1`,
    ProductArn: `arn:aws:securityhub:${REGION}::product/aws/securityhub`,
    GeneratorId: `security-control/${control}`,
    AwsAccountId: ACCOUNT,
    Region: REGION,
    Compliance: { Status: status, SecurityControlId: control },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    Resources: [resource],
  };
}
const event = (...findings: Finding[]) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Security Hub Findings - Imported',
  source: 'aws.securityhub',
  account: ACCOUNT,
  time: '2026-12-07T12:00:00Z',
  region: REGION,
  resources: [],
  detail: { findings },
});

describe('finding remediation, against moto', () => {
  let moto: MotoBridge;
  const updates: Array<Record<string, unknown>> = [];
  // moto has no BatchUpdateFindings: Security Hub's side is recorded; everything else is moto.
  const aws: AwsClients = (service, region) =>
    service === 'securityhub'
      ? async (command, input) => {
          updates.push({ command, ...input });
          return {};
        }
      : moto.clients(service, region);
  const ec2 = () => moto.clients('ec2', REGION);

  beforeAll(async () => {
    moto = await startMotoBridge();
  }, 60_000);
  afterAll(() => moto?.stop(), 30_000);
  beforeEach(() => updates.splice(0));

  it('has a remediation for every control the construct routes to it, and no other', () => {
    expect(Object.keys(REMEDIATIONS).sort()).toEqual([...REMEDIATED_CONTROLS].sort());
  });

  it("closes a bucket's public access and resolves the finding with what it did", async () => {
    const s3 = moto.clients('s3', REGION);
    await s3('CreateBucket', { Bucket: 'strata-open-bucket' });
    await expect(s3('GetPublicAccessBlock', { Bucket: 'strata-open-bucket' })).rejects.toThrow();
    const resource = { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::strata-open-bucket' };
    await remediate(event(finding('S3.8', resource)), aws);
    expect(await s3('GetPublicAccessBlock', { Bucket: 'strata-open-bucket' })).toEqual({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(updates).toEqual([
      expect.objectContaining({
        command: 'BatchUpdateFindings',
        Workflow: { Status: 'RESOLVED' },
        Note: expect.objectContaining({
          Text: 'Remediated automatically (S3.8): turned on Block Public Access for bucket strata-open-bucket',
        }),
      }),
    ]);
  });

  it("turns on the account's public access block and EBS encryption by default", async () => {
    const account = { Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}` };
    await remediate(event(finding('S3.1', account), finding('EC2.7', account)), aws);
    const block = (await moto.clients('s3control', REGION)('GetPublicAccessBlock', {
      AccountId: ACCOUNT,
    })) as { PublicAccessBlockConfiguration: Record<string, boolean> };
    expect(Object.values(block.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
    expect(await ec2()('GetEbsEncryptionByDefault', {})).toEqual({ EbsEncryptionByDefault: true });
    expect(updates).toHaveLength(2);
  });

  it('revokes only the ingress that opens SSH or RDP to the internet', async () => {
    const { GroupId: groupId } = (await ec2()('CreateSecurityGroup', {
      GroupName: 'open-admin',
      Description: 'test',
    })) as { GroupId: string };
    await ec2()('AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      ],
    });
    const resource = {
      Type: 'AwsEc2SecurityGroup',
      Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${groupId}`,
    };
    const [done] = await remediate(event(finding('EC2.53', resource)), aws);
    expect(done.text).toContain(`revoked 2 ingress rule(s) of ${groupId}`);
    const { SecurityGroupRules: left } = (await ec2()('DescribeSecurityGroupRules', {
      Filters: [{ Name: 'group-id', Values: [groupId] }],
    })) as { SecurityGroupRules: Array<Record<string, unknown>> };
    expect(
      left
        .filter((rule) => !rule.IsEgress)
        .map((rule) => `${rule.FromPort} ${rule.CidrIpv4 ?? rule.CidrIpv6}`)
        .sort(),
    ).toEqual(['22 10.0.0.0/8', '443 0.0.0.0/0']);
  });

  it('leaves passed findings and other controls alone', async () => {
    const resource = { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::strata-open-bucket' };
    const done = await remediate(
      event(finding('S3.8', resource, 'PASSED'), finding('IAM.1', resource)),
      aws,
    );
    expect(done).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('fails, and leaves the finding NEW, when the resource cannot be fixed', async () => {
    const resource = {
      Type: 'AwsEc2SecurityGroup',
      Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0000000000000000a`,
    };
    const gone = { ...resource };
    await expect(
      remediate(event(finding('EC2.13', gone)), (service, region) =>
        service === 'ec2'
          ? async (command) => {
              throw Object.assign(new Error(`${command}: no such group`), {
                name: 'InvalidGroup.NotFound',
              });
            }
          : aws(service, region),
      ),
    ).rejects.toThrow('finding remediation failed: EC2.13');
    expect(updates).toEqual([]);
  });

  it("the production observability stack's rule sends the function exactly these findings", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'strata-remediation-')), 'out');
    const synth = synthCompiledApp(root, 'observability', outdir, { STRATA_ENV: 'prod' });
    if (synth.status !== 0) throw new Error(synth.stderr);
    const stack = synthesizedStacks(root, 'observability', outdir).find(
      (candidate) => candidate.stack === 'observability-prod-us-east-1',
    );
    const json = JSON.parse(readFileSync(join(stack!.stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: { aws_cloudwatch_event_rule: Record<string, { event_pattern: string }> };
    };
    const rule = Object.entries(json.resource.aws_cloudwatch_event_rule).find(([id]) =>
      id.includes('finding-remediation'),
    );
    expect(rule).toBeDefined();
    const pattern = JSON.parse(rule![1].event_pattern) as {
      detail: { findings: { AwsAccountId: string[] } };
    };
    const account = pattern.detail.findings.AwsAccountId[0];
    const ours = (control: string, overrides: Finding = {}) => ({
      ...finding(control, { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::b' }),
      AwsAccountId: account,
      ...overrides,
    });
    const cases: Array<[Finding, boolean]> = [
      ...REMEDIATED_CONTROLS.map((control): [Finding, boolean] => [ours(control), true]),
      [ours('IAM.1'), false],
      [ours('S3.8', { Compliance: { Status: 'PASSED', SecurityControlId: 'S3.8' } }), false],
      [ours('S3.8', { Region: 'us-west-2' }), false],
      [ours('S3.8', { Workflow: { Status: 'RESOLVED' } }), false],
      [ours('S3.8', { RecordState: 'ARCHIVED' }), false],
      [ours('S3.8', { AwsAccountId: '999999999999' }), false],
    ];
    const results = matchEventPatterns(
      cases.map(([f]) => ({
        pattern: rule![1].event_pattern,
        event: JSON.stringify({ ...event(f), account }),
      })),
    );
    expect(results).toEqual(cases.map(([, expected]) => expected));
  });
});
