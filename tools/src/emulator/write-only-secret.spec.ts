import { App } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { GeneratedSecret, KmsKey } from '@strata/constructs';
import { LayerStack, StateBackend } from '@strata/core';
import { exec, engineEnv, prepareStackWorkdir } from '../engine/engine-workdir';
import { loadToolchain } from '../validate/toolchain';
import { Emulator } from './emulator';
import { startSpecEmulator } from './spec-emulator';
import { awsJson } from './emulator-api';

/**
 * A write-only generated secret (the Aurora global primary's master secret) applied with the
 * real engine and AWS provider against moto: Secrets Manager holds the password, and neither
 * the saved plan, its JSON nor the state does.
 */
const root = findWorkspaceRoot(__dirname);
const toolchain = loadToolchain();
// A port of its own: the emulator flow may hold the environment's.
const endpoint = 'http://127.0.0.1:5077';
const local = loadEnvironments(join(root, 'environments')).find((env) => env.name === 'local');
if (!local?.emulator) throw new Error('environments/local.yaml has no emulator');
const environment = { ...local, emulator: { ...local.emulator, endpoint } };
const scratch = mkdtempSync(join(tmpdir(), 'strata-write-only-'));

const app = new App({ outdir: join(scratch, 'out') });
const stack = new LayerStack(app, 'write-only-secret', {
  environment,
  layer: 'data',
  region: environment.primaryRegion.name,
  backend: StateBackend.LOCAL,
  localStatePath: 'terraform.tfstate',
});
const key = new KmsKey(stack, 'key', {
  description: 'write-only secret check',
  alias: 'strata-write-only-check',
  accountId: environment.accountId,
});
new GeneratedSecret(stack, 'master-secret', {
  secretName: 'strata-check/master',
  description: 'write-only secret check',
  kmsKey: key,
  username: 'platform_admin',
  writeOnly: true,
});
app.synth();

describe('a write-only generated secret, applied on the emulator', () => {
  const workDir = join(scratch, 'work');
  let emulator: Emulator | undefined;
  const engine = (args: string[]) =>
    exec(toolchain.engine.path, [...args, '-no-color'], workDir, {
      env: engineEnv(toolchain),
      timeoutMs: 5 * 60_000,
    });

  beforeAll(async () => {
    emulator = await startSpecEmulator(toolchain, endpoint, 'write-only-secret.spec.ts', scratch);
    prepareStackWorkdir(join(scratch, 'out', 'stacks', 'write-only-secret'), workDir, toolchain);
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('stores the password in Secrets Manager only', async () => {
    for (const args of [
      ['init', '-input=false'],
      ['plan', '-input=false', '-out=check.tfplan'],
      ['apply', '-input=false', 'check.tfplan'],
    ]) {
      const run = await engine(args);
      expect([args[0], run.code, run.stderr]).toEqual([args[0], 0, '']);
    }
    const stored = await awsJson<{ SecretString: string }>(
      { endpoint, region: environment.primaryRegion.name },
      'secretsmanager',
      'secretsmanager.GetSecretValue',
      { SecretId: 'strata-check/master' },
    );
    const { username, password } = JSON.parse(stored.SecretString) as Record<string, string>;
    expect(username).toBe('platform_admin');
    expect(password).toHaveLength(32);

    const planJson = await engine(['show', '-json', 'check.tfplan']);
    const state = readFileSync(join(workDir, 'terraform.tfstate'), 'utf8');
    const plan = readFileSync(join(workDir, 'check.tfplan')).toString('latin1');
    for (const [where, text] of Object.entries({ planJson: planJson.stdout, state, plan })) {
      expect([where, text.includes(password)]).toEqual([where, false]);
    }
    // The state still records the version the secret was written with.
    expect(state).toContain('"secret_string_wo_version": 1');
  }, 300_000);
});
