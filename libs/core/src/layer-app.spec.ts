import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformOutput } from 'cdktf';
import { LayerStack } from './layer-stack';
import { runLayerApp, selectEnvironments } from './layer-app';
import { exampleEnvironment, MINIMAL_ENVIRONMENT_FILE } from '@strata/config';

const VALID_DEV = MINIMAL_ENVIRONMENT_FILE;

describe('runLayerApp', () => {
  const saved = { ...process.env };
  let stderr: string;
  let root: string;
  let outdir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'strata-app-'));
    mkdirSync(join(root, 'environments'));
    outdir = join(root, 'cdktf.out');
    process.env.STRATA_ENVIRONMENTS_DIR = join(root, 'environments');
    process.env.CDKTF_OUTDIR = outdir;
    delete process.env.STRATA_ENV;
    stderr = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });

  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  /** Runs a one-stack network app; `failedCheck` makes the stack fail a synth-time validation. */
  const run = (failedCheck?: string, prepare?: () => Promise<string>) =>
    runLayerApp({
      layer: 'network',
      prepare,
      addStacks: (app, environment, context) => {
        const stack = new LayerStack(app, `network-${environment.name}-us-east-1`, {
          environment,
          layer: 'network',
          region: 'us-east-1',
        });
        new TerraformOutput(stack, 'region', { value: context.prepared ?? stack.region });
        if (failedCheck) stack.node.addValidation({ validate: () => [failedCheck] });
      },
    });

  it('writes every stack of every environment', async () => {
    writeFileSync(join(root, 'environments', 'dev.yaml'), VALID_DEV);
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['network-dev-us-east-1']);
    expect(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks).toHaveProperty(
      'network-dev-us-east-1',
    );
  });

  it('writes nothing and keeps the previous output when config is invalid', async () => {
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'previous.txt'), 'earlier synth');
    writeFileSync(
      join(root, 'environments', 'dev.yaml'),
      VALID_DEV.replace('10.10.0.0/16', '10.0.0.0/8'),
    );
    await run();
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('network: synth failed, nothing was written.');
    expect(stderr).toMatch(/dev\.yaml:6: regions\.primary\.vpcCidr: .* \[rule: cidr-size\]/);
    expect(readdirSync(outdir)).toEqual(['previous.txt']);
    expect(readdirSync(root).sort()).toEqual(['cdktf.out', 'environments']);
  });

  it('writes nothing when a synth-time validation fails in any stack', async () => {
    writeFileSync(join(root, 'environments', 'dev.yaml'), VALID_DEV);
    await run('subnet plan does not fit');
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('subnet plan does not fit');
    expect(existsSync(outdir)).toBe(false);
  });

  it('hands what prepare fetched to every stack', async () => {
    writeFileSync(join(root, 'environments', 'dev.yaml'), VALID_DEV);
    await run(undefined, async () => 'fetched');
    const stack = JSON.parse(
      readFileSync(join(outdir, 'stacks', 'network-dev-us-east-1', 'cdk.tf.json'), 'utf8'),
    );
    expect(stack.output.region.value).toBe('fetched');
  });

  it('writes nothing when prepare fails, and skips it when no environment enables the layer', async () => {
    writeFileSync(join(root, 'environments', 'dev.yaml'), VALID_DEV);
    await run(undefined, () => Promise.reject(new Error('manifest mirror is missing')));
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('manifest mirror is missing');
    expect(existsSync(outdir)).toBe(false);

    process.exitCode = undefined;
    writeFileSync(
      join(root, 'environments', 'dev.yaml'),
      VALID_DEV.replace(
        'layers: { cluster: false',
        'layers: { network: false, data: false, cluster: false',
      ),
    );
    const prepare = jest.fn(() => Promise.resolve('unused'));
    await run(undefined, prepare);
    expect(prepare).not.toHaveBeenCalled();
  });
});

describe('selectEnvironments', () => {
  const envs = [exampleEnvironment({ name: 'dev' }), exampleEnvironment({ name: 'prod' })];

  it('keeps all environments without a filter and the named ones with it', () => {
    expect(selectEnvironments(envs, undefined)).toHaveLength(2);
    expect(selectEnvironments(envs, 'prod').map((env) => env.name)).toEqual(['prod']);
  });

  it('names an unknown environment and lists the known ones', () => {
    expect(() => selectEnvironments(envs, 'prod,qa')).toThrow(
      'STRATA_ENV: qa: is not an environment (known: dev, prod) [rule: known-environment]',
    );
  });
});
