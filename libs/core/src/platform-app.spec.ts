import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayerName, MINIMAL_ENVIRONMENT_FILE } from '@strata/config';
import { defineLayerApp } from './layer-app';
import { LayerStack } from './layer-stack';
import { runPlatformApp, synthThreads } from './platform-app';

/** A layer with one stack per environment; `failure` makes that stack fail a synth-time check. */
const layerApp = (layer: LayerName, failure?: string) =>
  defineLayerApp({
    layer,
    addStacks: (app, environment) => {
      const stack = new LayerStack(app, `${layer}-${environment.name}-us-east-1`, {
        environment,
        layer,
        region: 'us-east-1',
      });
      if (failure) stack.node.addValidation({ validate: () => [failure] });
    },
  });

describe('runPlatformApp (one thread: the worker threads need the compiled bundle)', () => {
  const saved = { ...process.env };
  let root: string;
  let stderr: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'strata-platform-'));
    mkdirSync(join(root, 'environments'));
    writeFileSync(join(root, 'environments', 'dev.yaml'), MINIMAL_ENVIRONMENT_FILE);
    process.env.STRATA_ENVIRONMENTS_DIR = join(root, 'environments');
    process.env.STRATA_SYNTH_THREADS = '1';
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

  it('writes every layer under <outdir>/<layer>', async () => {
    const out = join(root, 'out');
    await runPlatformApp([layerApp('network'), layerApp('data')], out, __filename);
    expect(process.exitCode).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual(['data', 'network']);
    expect(readdirSync(join(out, 'data', 'stacks'))).toEqual(['data-dev-us-east-1']);
  });

  it('writes no layer, and keeps the previous output, when any layer fails', async () => {
    const out = join(root, 'out');
    mkdirSync(join(out, 'network'), { recursive: true });
    writeFileSync(join(out, 'network', 'previous.txt'), 'earlier synth');
    await runPlatformApp(
      [layerApp('network'), layerApp('data', 'subnet plan does not fit')],
      out,
      __filename,
    );
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('network, data: synth failed, nothing was written.');
    expect(stderr).toMatch(/data: Validation failed[^]*subnet plan does not fit/);
    expect(readdirSync(out)).toEqual(['network']);
    expect(readdirSync(join(out, 'network'))).toEqual(['previous.txt']);
    expect(existsSync(join(out, 'data'))).toBe(false);
  });

  it('uses one thread per core, as many as STRATA_SYNTH_THREADS says, never more than layers', () => {
    process.env.STRATA_SYNTH_THREADS = '8';
    expect(synthThreads(6)).toBe(6);
    expect(synthThreads(2)).toBe(2);
    process.env.STRATA_SYNTH_THREADS = '1';
    expect(synthThreads(6)).toBe(1);
  });
});
