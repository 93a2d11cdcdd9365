import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import {
  declareAwsEnvironment,
  grantToRole,
  KmsKey,
  SecureBucket,
  ServiceRole,
  serviceTrustPolicy,
} from '@strata/constructs';
import { synthesizeStack } from '@strata/constructs/testing';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesizedStacks } from '../synthesized-stacks';
import { joinKeyGrants, StackJson } from './key-grants';

const root = findWorkspaceRoot(__dirname);
const LAYERS = ['state', 'network', 'cluster', 'data', 'edge', 'observability'];

/** Every stack of the platform, synthesized once into a scratch directory. */
function platformStacks(): Array<{ stack: string; json: StackJson }> {
  const outRoot = mkdtempSync(join(tmpdir(), 'strata-grants-'));
  const run = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'platform', 'main.js')], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outRoot },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`platform synth failed: ${run.stderr}`);
  return LAYERS.flatMap((layer) =>
    synthesizedStacks(root, layer, join(outRoot, layer)).map(({ stack, stackDir }) => ({
      stack,
      json: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson,
    })),
  );
}

const TEST_ACCOUNT = '333333333333';

function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  declareAwsEnvironment(stack, { account: TEST_ACCOUNT, region: 'us-east-1' });
  return stack;
}

function role(stack: TerraformStack): ServiceRole {
  return new ServiceRole(stack, 'reader', {
    roleName: 'reader',
    assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', TEST_ACCOUNT),
  });
}

describe('every grant on an encrypted resource comes with its key (joined with the key policies)', () => {
  const stacks = platformStacks();

  it.each(stacks.map(({ stack }) => stack))('%s', (name) => {
    const { json } = stacks.find(({ stack }) => stack === name) as { json: StackJson };
    expect(joinKeyGrants(json).findings).toEqual([]);
  });

  it('joins grants in every layer that grants on encrypted data', () => {
    const joined = stacks.reduce((sum, { json }) => sum + joinKeyGrants(json).joined, 0);
    // 168 when written: DAX, the canaries, Velero, the log archive, the queues' consumers, ...
    expect(joined).toBeGreaterThan(100);
  });

  it("finds a grant without its key: a bucket's objects granted by hand", () => {
    const stack = testStack();
    const key = new KmsKey(stack, 'key', { description: 'reports', alias: 'reports' });
    const bucket = new SecureBucket(stack, 'reports', { bucketName: 'reports-x', kmsKey: key });
    const reader = role(stack);
    grantToRole(reader, ['s3:GetObject'], [`${bucket.bucketArn}/*`]);
    const { joined, findings } = joinKeyGrants(synthesizeStack(stack) as StackJson);
    expect(joined).toBe(1);
    expect(findings).toEqual([
      expect.stringMatching(
        /may s3:GetObject aws_s3_bucket\.\S+ but not kms:Decrypt on \$\{aws_kms_key\./,
      ),
    ]);
  });

  it("passes the same grant made with the bucket's grantRead", () => {
    const stack = testStack();
    const key = new KmsKey(stack, 'key', { description: 'reports', alias: 'reports' });
    const bucket = new SecureBucket(stack, 'reports', { bucketName: 'reports-x', kmsKey: key });
    bucket.grantRead(role(stack));
    const result = joinKeyGrants(synthesizeStack(stack) as StackJson);
    expect([result.joined > 0, result.findings]).toEqual([true, []]);
  });
});
