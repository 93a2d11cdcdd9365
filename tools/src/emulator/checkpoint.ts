import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { EnvironmentConfig } from '@strata/config';
import { filesDigest, filesUnder } from '../delivery/fingerprint';
import type { Toolchain } from '../validate/toolchain';
import type { FlowCheck } from './emulator-flow';
import type { FlowStack } from './flow-plan';

/**
 * The emulator flow's restart points. The stacks that talk to no cluster and read no stack
 * that does (the AWS side: state, network, the cluster's AWS part, data) apply first, before
 * the first stack that talks to the local control plane, and within it each layer whose
 * stacks every later one waits for anyway (the bootstrap, the network) ends a shorter prefix.
 * At each such barrier the flow saves moto's whole state (moto_snapshot.py). A run that passes
 * keeps each with the checks its stacks passed, under a key of everything they depend on; a
 * later run restores the longest one whose key still holds and applies only the stacks after
 * it: a change to the data layer re-runs the flow from the data and cluster stacks, one to the
 * add-ons from the add-ons. The control plane is not saved (etcd and the stand-ins would have
 * to be frozen together), so the flow never restarts later than the AWS side.
 */

/** Bumped when what a checkpoint holds changes shape. */
const CHECKPOINT_FORMAT = 3;
const MANIFEST = 'checkpoint.json';
const SNAPSHOT = 'moto.pickle';
/** moto_snapshot.py's routes; the emulator hands them to the server in its environment. */
export const EMULATOR_STATE_ROUTES = {
  STRATA_SNAPSHOT_ROUTE: '/strata-api/snapshot',
  STRATA_RESTORE_ROUTE: '/strata-api/restore',
} as const;

export interface Checkpoint {
  /** What its stacks depend on, hashed (`checkpointKey`). */
  readonly key: string;
  /** The digest of each input the key covers (`checkpointInputs`), to say which one changed. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The stacks before the restart point, in deploy order. */
  readonly stacks: readonly string[];
  /** The checks those stacks passed in the run that saved it. */
  readonly checks: readonly FlowCheck[];
  readonly savedAt: string;
  /** moto's state at the barrier. */
  readonly snapshot: string;
}

/** Where moto's state is saved in a directory of one restart point (a checkpoint's, or a run's). */
export function snapshotIn(dir: string): string {
  return join(dir, SNAPSHOT);
}

/**
 * The stacks before the barrier: each talks to no cluster and reads (directly or not) no stack
 * that does. They are closed under "reads", so they can be applied, saved and restored alone.
 */
export function awsSideStacks<T>(
  stacks: readonly T[],
  upstream: ReadonlyMap<T, readonly T[]>,
  talksToCluster: (stack: T) => boolean,
): Set<T> {
  const memo = new Map<T, boolean>();
  const before = (stack: T): boolean => {
    let result = memo.get(stack);
    if (result === undefined) {
      result = !talksToCluster(stack) && (upstream.get(stack) ?? []).every(before);
      memo.set(stack, result);
    }
    return result;
  };
  return new Set(stacks.filter(before));
}

/** A barrier in the flow's order: the stacks before it, which a checkpoint can stand in for. */
export interface RestartPoint<T> {
  /** Its directory under the environment's checkpoint directory. */
  readonly name: string;
  /** How the flow's checks name it. */
  readonly label: string;
  /** The stacks before it, in deploy order: closed under what they depend on. */
  readonly stacks: readonly T[];
}

/** The label of the restart point that holds the whole AWS side. */
export const AWS_SIDE = 'AWS side';

/**
 * The restart points within the AWS side, shortest first, ending with the whole of it. A
 * prefix of its layers is one when it holds everything its stacks depend on and every AWS-side
 * stack after it depends (directly or not) on all of it: then saving it holds no stack back.
 * The whole AWS side is always one; the flow holds the cluster side back for it.
 */
export function restartPoints<T>(
  awsSide: readonly T[],
  dependsOn: (stack: T) => readonly T[],
  layerOf: (stack: T) => string,
): Array<RestartPoint<T>> {
  const below = new Map<T, Set<T>>();
  const allBelow = (stack: T): Set<T> => {
    let result = below.get(stack);
    if (!result) {
      result = new Set<T>();
      for (const dependency of dependsOn(stack)) {
        result.add(dependency);
        for (const further of allBelow(dependency)) result.add(further);
      }
      below.set(stack, result);
    }
    return result;
  };
  const layers = [...new Set(awsSide.map(layerOf))];
  const points: Array<RestartPoint<T>> = [];
  for (let count = 1; count < layers.length; count++) {
    const inside = new Set(layers.slice(0, count));
    const stacks = awsSide.filter((stack) => inside.has(layerOf(stack)));
    const after = awsSide.filter((stack) => !inside.has(layerOf(stack)));
    const closed = stacks.every((stack) => dependsOn(stack).every((d) => stacks.includes(d)));
    const waitedFor = after.every((stack) => stacks.every((s) => allBelow(stack).has(s)));
    if (closed && waitedFor) {
      const last = layers[count - 1];
      points.push({ name: `to-${last}`, label: `${AWS_SIDE} to ${last}`, stacks });
    }
  }
  points.push({ name: 'aws-side', label: AWS_SIDE, stacks: [...awsSide] });
  return points;
}

export interface CheckpointInputs {
  readonly root: string;
  readonly environment: EnvironmentConfig;
  readonly toolchain: Toolchain;
  /** The stacks before the restart point. */
  readonly stacks: readonly FlowStack[];
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * Everything a restart point's applies depend on, each input by its own digest: each of its
 * stacks' synthesized output and assets, the environment, the toolchain (engine, providers,
 * moto), and the flow itself (its bundle, moto's corrections, the gap list), file by file.
 */
export function checkpointInputs(inputs: CheckpointInputs): Record<string, string> {
  const flowFiles = [
    ...filesUnder(join(inputs.root, 'dist', 'tools', 'emulator')),
    ...filesUnder(join(inputs.root, 'tools', 'src', 'emulator')).filter((file) =>
      /\.(py|json)$/.test(file),
    ),
  ];
  const parts: Record<string, string> = {
    format: String(CHECKPOINT_FORMAT),
    environment: sha256(JSON.stringify(inputs.environment)),
    toolchain: sha256(JSON.stringify(inputs.toolchain)),
  };
  for (const file of flowFiles) {
    parts[`flow ${relative(inputs.root, file)}`] = sha256(readFileSync(file));
  }
  for (const stack of inputs.stacks) {
    parts[`stack ${stack.stack}`] = filesDigest(stack.stackDir, filesUnder(stack.stackDir));
  }
  return parts;
}

/** The key of a restart point: its inputs' digests, hashed. Any change keys a full run. */
export function checkpointKey(inputs: Readonly<Record<string, string>>): string {
  return sha256(JSON.stringify(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Why the checkpoint saved in `dir` cannot stand in for a run with `inputs`: the inputs added,
 * removed or changed since it was saved. Empty when there is none or it still holds.
 */
export function changedInputs(dir: string, inputs: Readonly<Record<string, string>>): string[] {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return [];
  const saved = (JSON.parse(readFileSync(manifest, 'utf8')) as Partial<Checkpoint>).inputs ?? {};
  const names = [...new Set([...Object.keys(saved), ...Object.keys(inputs)])].sort();
  return names.filter((name) => saved[name] !== inputs[name]);
}

/** The checkpoint saved in `dir` if it has `key`, else undefined (none, or another key). */
export function loadCheckpoint(dir: string, key: string): Checkpoint | undefined {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return undefined;
  const saved = JSON.parse(readFileSync(manifest, 'utf8')) as Omit<Checkpoint, 'snapshot'>;
  const snapshot = snapshotIn(dir);
  return saved.key === key && existsSync(snapshot) ? { ...saved, snapshot } : undefined;
}

/** Saves a checkpoint in `dir`, replacing the one there whole (never half of each). */
export function saveCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const staging = `${dir}.saving`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(checkpoint.snapshot, snapshotIn(staging));
  const manifest: Omit<Checkpoint, 'snapshot'> = {
    key: checkpoint.key,
    inputs: checkpoint.inputs,
    stacks: checkpoint.stacks,
    checks: checkpoint.checks,
    savedAt: checkpoint.savedAt,
  };
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

async function emulatorState(endpoint: string, route: string, file: string): Promise<void> {
  const response = await fetch(`${endpoint}${route}`, { method: 'POST', body: file });
  if (!response.ok)
    throw new Error(`${route} ${file}: HTTP ${response.status} ${await response.text()}`);
}

/** Saves moto's whole state into `file` (waits for the requests in flight). */
export function snapshotEmulator(endpoint: string, file: string): Promise<void> {
  return emulatorState(endpoint, EMULATOR_STATE_ROUTES.STRATA_SNAPSHOT_ROUTE, file);
}

/** Replaces moto's whole state with the one saved in `file`. */
export function restoreEmulator(endpoint: string, file: string): Promise<void> {
  return emulatorState(endpoint, EMULATOR_STATE_ROUTES.STRATA_RESTORE_ROUTE, file);
}
