import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStaged } from './run-staged';
import { stagingOf } from './staging';
import { synthThreads } from './threads';

describe('runStaged', () => {
  let root: string;
  let stderr: string;
  const outdirOf = (layer: string) => join(root, layer);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'strata-staged-'));
    stderr = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });

  afterEach(() => {
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  /** Stages the named layers: a directory holding one file each. */
  const stage = (layers: string[]) =>
    layers.map((layer) => {
      const staging = stagingOf(outdirOf(layer));
      mkdirSync(staging, { recursive: true });
      writeFileSync(join(staging, 'new.txt'), layer);
      return { layer, staging, outdir: outdirOf(layer) };
    });

  it('moves every staged layer into place, replacing its previous output', async () => {
    mkdirSync(outdirOf('network'));
    writeFileSync(join(outdirOf('network'), 'old.txt'), 'earlier synth');
    await runStaged({
      layers: ['network', 'data'],
      outdirOf,
      stage: async () => stage(['network', 'data']),
    });
    expect(process.exitCode).toBeUndefined();
    expect(readdirSync(outdirOf('network'))).toEqual(['new.txt']);
    expect(readdirSync(outdirOf('data'))).toEqual(['new.txt']);
  });

  it('writes nothing, keeps the previous output and says so when staging fails', async () => {
    mkdirSync(outdirOf('network'));
    writeFileSync(join(outdirOf('network'), 'old.txt'), 'earlier synth');
    await runStaged({
      layers: ['network', 'data'],
      outdirOf,
      stage: async () => {
        throw new Error('data: subnet plan does not fit');
      },
    });
    expect(process.exitCode).toBe(1);
    expect(stderr).toBe(
      'network, data: synth failed, nothing was written.\ndata: subnet plan does not fit\n',
    );
    expect(readdirSync(outdirOf('network'))).toEqual(['old.txt']);
    expect(existsSync(outdirOf('data'))).toBe(false);
  });

  it('moves all layers or none: a failed move puts every previous output back', async () => {
    for (const layer of ['network', 'data']) {
      mkdirSync(outdirOf(layer));
      writeFileSync(join(outdirOf(layer), 'old.txt'), 'earlier synth');
    }
    await runStaged({
      layers: ['network', 'data'],
      outdirOf,
      // data's staging directory is gone by the time it is moved: its rename fails after
      // network's has succeeded.
      stage: async () => [
        ...stage(['network']),
        { layer: 'data', staging: stagingOf(outdirOf('data')), outdir: outdirOf('data') },
      ],
    });
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('synth failed, nothing was written.');
    expect(readdirSync(outdirOf('network'))).toEqual(['old.txt']);
    expect(readdirSync(outdirOf('data'))).toEqual(['old.txt']);
    expect(readdirSync(root).sort()).toEqual(['data', 'network']);
  });
});

describe('synthThreads', () => {
  const saved = process.env.STRATA_SYNTH_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.STRATA_SYNTH_THREADS;
    else process.env.STRATA_SYNTH_THREADS = saved;
  });

  it('uses as many threads as STRATA_SYNTH_THREADS says, never more than layers, at least one', () => {
    process.env.STRATA_SYNTH_THREADS = '8';
    expect(synthThreads(6)).toBe(6);
    expect(synthThreads(2)).toBe(2);
    process.env.STRATA_SYNTH_THREADS = '1';
    expect(synthThreads(6)).toBe(1);
    process.env.STRATA_SYNTH_THREADS = '0';
    expect(synthThreads(6)).toBeGreaterThanOrEqual(1);
  });
});
