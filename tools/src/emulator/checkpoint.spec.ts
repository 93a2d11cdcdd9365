import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import type { Toolchain } from '../validate/toolchain';
import {
  AWS_SIDE,
  awsSideStacks,
  changedInputs,
  checkpointInputs,
  checkpointKey,
  loadCheckpoint,
  restartPoints,
  saveCheckpoint,
  snapshotIn,
} from './checkpoint';
import type { FlowStack } from './flow-plan';
import { upstreamStacks } from './stack-order';

const root = findWorkspaceRoot(__dirname);
const local = loadEnvironments(join(root, 'environments')).find((env) => env.name === 'local');
if (!local) throw new Error('environments/local.yaml is missing');

/** The local environment's stacks and who reads whose state, as the synthesized stacks do. */
const reads: Record<string, string[]> = {
  state: [],
  network: ['state'],
  cluster: ['state', 'network'],
  data: ['state', 'network'],
  addons: ['state', 'network', 'cluster', 'data'],
  edge: ['state', 'network', 'cluster', 'data', 'addons'],
  observability: ['state', 'network', 'cluster', 'data', 'edge'],
};
const upstream = upstreamStacks(Object.keys(reads), (stack) => ({
  stateKey: stack,
  readsKeys: reads[stack],
}));

describe('the AWS side (the stacks before the restart point)', () => {
  it('holds every stack that talks to no cluster and reads none that does', () => {
    const side = awsSideStacks(Object.keys(reads), upstream, (stack) =>
      ['addons', 'edge'].includes(stack),
    );
    expect([...side]).toEqual(['state', 'network', 'cluster', 'data']);
  });

  it('leaves out a stack that talks to no cluster but reads one that does', () => {
    // observability talks to no cluster, yet reads the edge's state.
    const side = awsSideStacks(Object.keys(reads), upstream, (stack) => stack === 'edge');
    expect(side.has('observability')).toBe(false);
    expect(side.has('addons')).toBe(true);
  });

  it('is everything when no stack talks to a cluster', () => {
    expect(awsSideStacks(Object.keys(reads), upstream, () => false).size).toBe(7);
  });
});

describe('restartPoints', () => {
  const awsSide = ['state', 'network', 'cluster', 'data'];
  const layerOf = (stack: string) => stack.replace(/-.*/, '');
  const dependsOn = (table: Record<string, string[]>) => (stack: string) => table[stack] ?? [];

  it('ends each layer that every later AWS-side stack waits for, and the whole AWS side', () => {
    const points = restartPoints(awsSide, dependsOn(reads), layerOf);
    expect(points.map((point) => [point.label, point.stacks])).toEqual([
      [`${AWS_SIDE} to state`, ['state']],
      [`${AWS_SIDE} to network`, ['state', 'network']],
      // Not after the cluster: the data stack reads none of it, and would wait for it.
      [AWS_SIDE, awsSide],
    ]);
    expect(new Set(points.map((point) => point.name)).size).toBe(points.length);
  });

  it('counts what a stack waits for through others, and every stack of a layer', () => {
    // The cluster waits for the bootstrap through the network only; two network stacks.
    const stacks = ['state', 'network-a', 'network-b', 'cluster', 'data'];
    const table = {
      'network-a': ['state'],
      'network-b': ['state'],
      cluster: ['network-a', 'network-b'],
      data: ['network-a', 'network-b'],
    };
    expect(restartPoints(stacks, dependsOn(table), layerOf).map((p) => p.stacks)).toEqual([
      ['state'],
      ['state', 'network-a', 'network-b'],
      stacks,
    ]);
    // One stack after a layer that does not wait for all of it: no point there.
    const partial = { ...table, data: ['network-a'] };
    expect(restartPoints(stacks, dependsOn(partial), layerOf).map((p) => p.label)).toEqual([
      `${AWS_SIDE} to state`,
      AWS_SIDE,
    ]);
  });

  it('leaves out a prefix that does not hold what its stacks depend on', () => {
    // A network stack that reads the data layer's state cannot be restored without it.
    const table = { ...reads, network: ['state', 'data'], data: ['state'] };
    expect(restartPoints(awsSide, dependsOn(table), layerOf).map((p) => p.label)).toEqual([
      `${AWS_SIDE} to state`,
      AWS_SIDE,
    ]);
  });
});

/** A workspace with the flow's files and two synthesized stacks, in a scratch directory. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'strata-checkpoint-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('dist/tools/emulator/main.js', 'flow');
  write('tools/src/emulator/moto_server.py', 'server');
  write('tools/src/emulator/gaps.json', '{}');
  write('tools/src/emulator/notes.md', 'not an input');
  write('out/network/cdk.tf.json', '{"resource":{}}');
  write('out/edge/cdk.tf.json', '{"resource":{}}');
  const stack = (name: string): FlowStack => ({
    app: name,
    stack: `${name}-local`,
    stackDir: join(dir, 'out', name),
    layer: 'network',
    mode: 'apply',
    gaps: [],
  });
  const toolchain = { engine: { kind: 'terraform', path: '/t', version: '1.11.4' } } as Toolchain;
  const inputs = (overrides: { toolchain?: Toolchain } = {}) =>
    checkpointInputs({
      root: dir,
      environment: local!,
      toolchain: overrides.toolchain ?? toolchain,
      stacks: [stack('network')],
    });
  const key = (overrides: { toolchain?: Toolchain } = {}) => checkpointKey(inputs(overrides));
  return { dir, write, key, inputs, toolchain };
}

describe('checkpointKey', () => {
  it('changes with an AWS-side stack, the flow, moto or the toolchain, and with nothing else', () => {
    const { write, key, toolchain } = workspace();
    const before = key();
    write('out/edge/cdk.tf.json', '{"resource":{"changed":{}}}');
    write('tools/src/emulator/notes.md', 'still not an input');
    expect(key()).toBe(before);

    write('out/network/cdk.tf.json', '{"resource":{"changed":{}}}');
    const afterStack = key();
    expect(afterStack).not.toBe(before);
    write('dist/tools/emulator/main.js', 'flow, changed');
    const afterFlow = key();
    expect(afterFlow).not.toBe(afterStack);
    write('tools/src/emulator/moto_server.py', 'server, changed');
    const afterServer = key();
    expect(afterServer).not.toBe(afterFlow);
    expect(
      key({ toolchain: { ...toolchain, engine: { ...toolchain.engine, version: '1.12.0' } } }),
    ).not.toBe(afterServer);
  });
});

describe('changedInputs', () => {
  it('names what changed since a checkpoint was saved, and nothing when it holds', () => {
    const { dir, write, inputs } = workspace();
    const checkpointDir = join(dir, 'checkpoint', 'local');
    const snapshot = join(dir, 'run.pickle');
    writeFileSync(snapshot, 'moto state');
    expect(changedInputs(checkpointDir, inputs())).toEqual([]);
    const saved = inputs();
    saveCheckpoint(checkpointDir, {
      key: checkpointKey(saved),
      inputs: saved,
      stacks: ['network-local'],
      checks: [],
      savedAt: '2026-12-06T00:00:00.000Z',
      snapshot,
    });
    expect(changedInputs(checkpointDir, inputs())).toEqual([]);
    write('out/network/cdk.tf.json', '{"resource":{"changed":{}}}');
    write('dist/tools/emulator/main.js', 'flow, changed');
    write('dist/tools/emulator/extra.js', 'a new file');
    expect(changedInputs(checkpointDir, inputs())).toEqual([
      'flow dist/tools/emulator/extra.js',
      'flow dist/tools/emulator/main.js',
      'stack network-local',
    ]);
  });
});

describe('saveCheckpoint and loadCheckpoint', () => {
  it('finds a checkpoint by its key only, and replaces one whole', () => {
    const { dir } = workspace();
    const checkpointDir = join(dir, 'checkpoint', 'local');
    const snapshot = join(dir, 'run.pickle');
    writeFileSync(snapshot, 'moto state');
    const saved = {
      key: 'a'.repeat(64),
      inputs: { format: '3' },
      stacks: ['network-local'],
      checks: [{ name: 'network-local: apply', passed: true, seconds: 1 }],
      savedAt: '2026-12-06T00:00:00.000Z',
      snapshot,
    };
    expect(loadCheckpoint(checkpointDir, saved.key)).toBeUndefined();
    saveCheckpoint(checkpointDir, saved);
    expect(loadCheckpoint(checkpointDir, 'b'.repeat(64))).toBeUndefined();
    expect(loadCheckpoint(checkpointDir, saved.key)).toEqual({
      ...saved,
      snapshot: snapshotIn(checkpointDir),
    });

    saveCheckpoint(checkpointDir, { ...saved, key: 'b'.repeat(64), stacks: [] });
    expect(loadCheckpoint(checkpointDir, saved.key)).toBeUndefined();
    expect(loadCheckpoint(checkpointDir, 'b'.repeat(64))?.stacks).toEqual([]);
    expect(readdirSync(join(dir, 'checkpoint'))).toEqual(['local']);
    expect(existsSync(`${checkpointDir}.saving`)).toBe(false);
  });
});
