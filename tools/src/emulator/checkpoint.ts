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
import { join } from 'node:path';
import type { EnvironmentConfig } from '@strata/config';
import { filesDigest, filesUnder } from '../delivery/fingerprint';
import type { Toolchain } from '../validate/toolchain';
import type { FlowCheck } from './emulator-flow';
import type { FlowStack } from './flow-plan';

/**
 * The emulator flow's restart point. The stacks that talk to no cluster and read no stack that
 * does (the AWS side: state, network, the cluster's AWS part, data) apply first, before the
 * first stack that talks to the local control plane; at that barrier the flow saves moto's
 * whole state (moto_snapshot.py). A run that passes keeps it with the checks those stacks
 * passed, under a key of everything they depend on; a later run with the same key restores
 * it and applies only the stacks after the barrier, where a change to the add-ons, edge or
 * observability layer lands. The control plane is not saved (etcd and the stand-ins would
 * have to be frozen together), so the flow never restarts later than the barrier.
 */

/** Bumped when what a checkpoint holds changes shape. */
const CHECKPOINT_FORMAT = 1;
const MANIFEST = 'checkpoint.json';
const SNAPSHOT = 'aws-side.pickle';
/** moto_snapshot.py's routes; the emulator hands them to the server in its environment. */
export const EMULATOR_STATE_ROUTES = {
  STRATA_SNAPSHOT_ROUTE: '/strata-api/snapshot',
  STRATA_RESTORE_ROUTE: '/strata-api/restore',
} as const;

export interface Checkpoint {
  /** What the AWS side's stacks depend on, hashed (`checkpointKey`). */
  readonly key: string;
  /** The AWS side's stacks, in deploy order. */
  readonly stacks: readonly string[];
  /** The checks those stacks passed in the run that saved it. */
  readonly checks: readonly FlowCheck[];
  readonly savedAt: string;
  /** moto's state at the barrier. */
  readonly snapshot: string;
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

export interface CheckpointInputs {
  readonly root: string;
  readonly environment: EnvironmentConfig;
  readonly toolchain: Toolchain;
  /** The AWS side's stacks. */
  readonly stacks: readonly FlowStack[];
}

/**
 * Everything the AWS side's applies depend on: each of its stacks' synthesized output and
 * assets, the environment, the toolchain (engine, providers, moto), and the flow itself (its
 * bundle, moto's corrections, the gap list). Any change to one of them keys a full run.
 */
export function checkpointKey(inputs: CheckpointInputs): string {
  const flowFiles = [
    ...filesUnder(join(inputs.root, 'dist', 'tools', 'emulator')),
    ...filesUnder(join(inputs.root, 'tools', 'src', 'emulator')).filter((file) =>
      /\.(py|json)$/.test(file),
    ),
  ];
  const hash = createHash('sha256')
    .update(`format ${CHECKPOINT_FORMAT}\0`)
    .update(`${JSON.stringify(inputs.environment)}\0`)
    .update(`${JSON.stringify(inputs.toolchain)}\0`)
    .update(`${filesDigest(inputs.root, flowFiles)}\0`);
  for (const stack of inputs.stacks) {
    hash.update(`${stack.stack}\0${filesDigest(stack.stackDir, filesUnder(stack.stackDir))}\0`);
  }
  return hash.digest('hex');
}

/** The checkpoint saved in `dir` if it has `key`, else undefined (none, or another key). */
export function loadCheckpoint(dir: string, key: string): Checkpoint | undefined {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return undefined;
  const saved = JSON.parse(readFileSync(manifest, 'utf8')) as Omit<Checkpoint, 'snapshot'>;
  const snapshot = join(dir, SNAPSHOT);
  return saved.key === key && existsSync(snapshot) ? { ...saved, snapshot } : undefined;
}

/** Saves a checkpoint in `dir`, replacing the one there whole (never half of each). */
export function saveCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const staging = `${dir}.saving`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(checkpoint.snapshot, join(staging, SNAPSHOT));
  const manifest: Omit<Checkpoint, 'snapshot'> = {
    key: checkpoint.key,
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
