import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import {
  findWorkspaceRoot,
  LAYER_APPLY_SERVICES,
  LayerName,
  loadEnvironments,
} from '@strata/config';
import {
  applyRoleStatements,
  cloudWatchLogsKeyStatement,
  KmsKey,
  NatStrategy,
  policyDocument,
  Vpc,
} from '@strata/constructs';
import { LayerStack, StateBackend } from '@strata/core';
import { exec, engineEnv, prepareStackWorkdir } from '../engine/engine-workdir';
import { loadToolchain } from '../validate/toolchain';
import { Emulator } from './emulator';
import { startSpecEmulator } from './spec-emulator';
import { RoleCredentials } from '../delivery/role-credentials';

/**
 * A layer's apply role, enforced: moto (on a port of its own) checks every request against
 * the role's policy once its IAM enforcement is on (`/moto-api/reset-auth`). The network
 * layer's VPC, subnets, route tables, NAT, flow logs with their role, key and log group are
 * applied with the real engine and AWS provider as the network role, built by the same
 * function as the synthesized role (applyRoleStatements over LAYER_APPLY_SERVICES); the
 * observability role, which has no EC2, is refused the same stack. moto checks actions, and
 * resources for S3 only: the services a role is scoped to are what this proves.
 */
const root = findWorkspaceRoot(__dirname);
const toolchain = loadToolchain();
const endpoint = 'http://127.0.0.1:5079';
const local = loadEnvironments(join(root, 'environments')).find((env) => env.name === 'local');
if (!local?.emulator) throw new Error('environments/local.yaml has no emulator');
const environment = { ...local, emulator: { ...local.emulator, endpoint } };
const region = environment.primaryRegion.name;
const accountId = environment.accountId;
const awsCli = toolchain.awsCli?.path;
if (!awsCli)
  throw new Error('the toolchain has no AWS CLI: run "node tools/toolchain/install.mjs"');
const scratch = mkdtempSync(join(tmpdir(), 'strata-role-enforcement-'));

const app = new App({ outdir: join(scratch, 'out') });
const stack = new LayerStack(app, 'network-role-check', {
  environment,
  layer: 'network',
  region,
  backend: StateBackend.LOCAL,
  localStatePath: 'terraform.tfstate',
});
const key = new KmsKey(stack, 'flow-log-key', {
  description: 'apply role enforcement check',
  alias: 'strata-role-check-flow-logs',
  accountId,
  additionalStatements: [cloudWatchLogsKeyStatement(region, accountId)],
});
new Vpc(stack, 'vpc', {
  name: 'strata-role-check',
  cidr: '10.40.0.0/16',
  azCount: 2,
  natStrategy: NatStrategy.SINGLE,
  flowLogKmsKey: key,
  interfaceEndpoints: false,
});
app.synth();

/** The AWS CLI against moto; before enforcement any key will do. */
function aws(args: string[], credentials?: RoleCredentials): Record<string, unknown> {
  const run = spawnSync(
    awsCli as string,
    [...args, '--endpoint-url', endpoint, '--region', region, '--output', 'json'],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'emulator',
        AWS_SECRET_ACCESS_KEY: 'emulator',
        AWS_SESSION_TOKEN: '',
        ...credentials,
      },
    },
  );
  if (run.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')}: ${run.stderr}`);
  return run.stdout.trim() ? (JSON.parse(run.stdout) as Record<string, unknown>) : {};
}

/** The layer's apply role in moto, as the state stack defines its permissions, assumed. */
function assumeLayerRole(layer: LayerName): RoleCredentials {
  const roleName = `strata-local-github-apply-${layer}`;
  aws([
    'iam',
    'create-role',
    '--role-name',
    roleName,
    '--assume-role-policy-document',
    policyDocument([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ]),
  ]);
  aws([
    'iam',
    'put-role-policy',
    '--role-name',
    roleName,
    '--policy-name',
    'layer-services',
    '--policy-document',
    policyDocument(applyRoleStatements(LAYER_APPLY_SERVICES[layer])),
  ]);
  const { Credentials: credentials } = aws([
    'sts',
    'assume-role',
    '--role-arn',
    `arn:aws:iam::${accountId}:role/${roleName}`,
    '--role-session-name',
    'enforcement-check',
  ]) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
  return {
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: credentials.SessionToken,
  };
}

/** Turns moto's IAM enforcement on (every request checked from now) or off. */
async function enforce(on: boolean): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, {
    method: 'POST',
    body: on ? '0' : 'inf',
  });
  if (!response.ok) throw new Error(`reset-auth: HTTP ${response.status}`);
}

/** The stack in its own work directory, its providers signing with `credentials`. */
function workDirFor(name: string, credentials: RoleCredentials): string {
  const workDir = join(scratch, name);
  prepareStackWorkdir(join(scratch, 'out', 'stacks', 'network-role-check'), workDir, toolchain);
  const file = join(workDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    provider: { aws: Array<Record<string, unknown>> };
  };
  for (const provider of json.provider.aws) {
    provider.access_key = credentials.AWS_ACCESS_KEY_ID;
    provider.secret_key = credentials.AWS_SECRET_ACCESS_KEY;
    provider.token = credentials.AWS_SESSION_TOKEN;
  }
  writeFileSync(file, JSON.stringify(json));
  return workDir;
}

const engine = (workDir: string, args: string[]) =>
  exec(toolchain.engine.path, [...args, '-no-color'], workDir, {
    env: engineEnv(toolchain),
    timeoutMs: 8 * 60_000,
  });

describe('apply roles enforced by the emulator', () => {
  let emulator: Emulator | undefined;
  let network: RoleCredentials;
  let observability: RoleCredentials;

  beforeAll(async () => {
    emulator = await startSpecEmulator(
      toolchain,
      endpoint,
      'apply-role-enforcement.spec.ts',
      scratch,
    );
    network = assumeLayerRole('network');
    observability = assumeLayerRole('observability');
    await enforce(true);
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('refuses a key moto does not know once enforcement is on', () => {
    expect(() => aws(['ec2', 'describe-vpcs'])).toThrow(
      /InvalidClientTokenId|AuthFailure|not valid/i,
    );
  });

  it('applies the network layer as the network role', async () => {
    const workDir = workDirFor('as-network', network);
    for (const args of [
      ['init', '-input=false'],
      ['apply', '-input=false', '-auto-approve'],
    ]) {
      const run = await engine(workDir, args);
      expect([args[0], run.code, run.stderr]).toEqual([args[0], 0, '']);
    }
    const vpcs = aws(['ec2', 'describe-vpcs'], network) as { Vpcs: Array<{ CidrBlock: string }> };
    expect(vpcs.Vpcs.map((vpc) => vpc.CidrBlock)).toContain('10.40.0.0/16');
  }, 600_000);

  it('refuses the same stack to the observability role, which has no EC2', async () => {
    const workDir = workDirFor('as-observability', observability);
    expect((await engine(workDir, ['init', '-input=false'])).code).toBe(0);
    const run = await engine(workDir, ['apply', '-input=false', '-auto-approve']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/AccessDenied|UnauthorizedOperation|not authorized/i);
    expect(run.stderr).toMatch(/ec2:|CreateVpc/i);
  }, 600_000);
});
