import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EnvironmentConfig,
  StateLocation,
  stateLocation,
  stateReplicaBucketName,
} from '@strata/config';
import { moveState, relocationOverride, StateConfigs } from '../delivery/state-failover';
import {
  createBucket,
  deleteObject,
  EmulatorApi,
  getObject,
  getObjectBytes,
  listObjectKeys,
  putObject,
} from './emulator-api';
import { failureDetail, StackSession } from './stack-session';

/** The secondary region the check fails over to (the local environment has one region). */
const FAILOVER_REGION = 'us-west-2';

/** Stands in for the synthesized switch on a checkout: read after cdk.tf.json. */
const FAILOVER_OVERRIDE = 'strata_failover_override.tf.json';

/** The state the check writes (`terraform state push`). */
const FAILOVER_WRITE = 'failover-write.tfstate';

/** An output only the write while failed over adds: how the check tells the copies apart. */
const MARKER_OUTPUT = 'strata_failover_write';

/** What the check needs of the flow: the stack's synthesized JSON and its re-plan rule. */
export interface FailoverSubject {
  readonly session: StackSession;
  readonly stack: StateConfigs & { terraform: { backend: { s3?: { key: string } } } };
  /** The flow's re-plan after apply: undefined when it shows no changes beyond gaps.json. */
  readonly replan: () => Promise<string | undefined | { readonly note: string }>;
}

/**
 * The state failover and fail-back, with the real engine against the emulator:
 * 1. the replica bucket in the secondary region receives every state object (moto has no
 *    replication: the flow copies them as S3 replication would);
 * 2. the stack's backend and every remote-state read point at the replica, as a synth with
 *    `state.activeRegion: secondary` writes them (state-failover.spec.ts proves that synth
 *    differs only there), and a fresh init and plan show no changes;
 * 3. a lock object in the replica refuses a second run: the lock lives there, not in the
 *    lost region's table;
 * 4. a state write while failed over (an output the primary's stale copy lacks) is copied
 *    home by `moveState` (`main.js state-failback`), and the stack, switched back, plans no
 *    changes against the primary. (A migrated state restarts its serial at 1, so the output,
 *    not the serial, tells the copies apart.)
 */
export async function checkStateFailover(
  api: EmulatorApi,
  env: EnvironmentConfig,
  subject: FailoverSubject,
): Promise<string | undefined> {
  const { session, stack } = subject;
  const home = stateLocation(env, 'primary');
  const replica: StateLocation = {
    bucket: stateReplicaBucketName({
      ...env,
      secondaryRegion: { ...env.primaryRegion, name: FAILOVER_REGION },
    }),
    region: FAILOVER_REGION,
  };
  const key = stack.terraform.backend.s3?.key;
  if (!key) return 'the stack has no S3 backend';

  await createBucket(api, replica.bucket, replica.region);
  for (const object of await listObjectKeys(api, home.bucket, '')) {
    await putObject(api, replica.bucket, object, await getObjectBytes(api, home.bucket, object));
  }

  const marker = `written-while-failed-over-${Date.now()}`;
  const override = join(session.workDir, FAILOVER_OVERRIDE);
  writeFileSync(override, JSON.stringify(relocationOverride(stack, replica), null, 2));
  try {
    const init = await session.run(['init', '-input=false', '-reconfigure']);
    if (init.code !== 0) return `init against the replica failed:\n${failureDetail(init)}`;
    const failedOver = await subject.replan();
    if (failedOver !== undefined && typeof failedOver === 'string')
      return `failed over: ${failedOver}`;

    await putObject(api, replica.bucket, `${key}.tflock`, JSON.stringify({ ID: 'held' }));
    const locked = await session.run(['plan', '-input=false', '-lock-timeout=0s']);
    await deleteObject(api, replica.bucket, `${key}.tflock`);
    if (locked.code === 0 || !/acquiring the state lock/i.test(`${locked.stderr}${locked.stdout}`))
      return `a run went ahead while the replica held the lock (exit ${locked.code})`;

    // A write while failed over, as an apply makes one (an output only it has): the replica
    // is now ahead of the primary's copy, which the fail-back must replace.
    const write = await editState(session, (state) => ({
      ...state,
      outputs: { ...state.outputs, [MARKER_OUTPUT]: { value: marker, type: 'string' } },
    }));
    if (write) return `a write to the replica failed: ${write}`;
    if ((await getObject(api, home.bucket, key))?.includes(marker))
      return 'the write while failed over reached the primary bucket';
    const moved = await moveState(session.workDir, stack, home, (args) =>
      session.run(args).then((result) => result.code),
    );
    if (moved.failed) return `fail-back ${moved.failed} failed`;
  } finally {
    rmSync(override, { force: true });
  }
  const atHome = await getObject(api, home.bucket, key);
  if (!atHome?.includes(marker))
    return 'after fail-back the primary bucket does not hold the state written while failed over';
  const init = await session.run(['init', '-input=false', '-reconfigure']);
  if (init.code !== 0) return `init back home failed:\n${failureDetail(init)}`;
  // The marker is no output of the configuration: take it out again before the re-plan.
  const cleanup = await editState(session, (state) => {
    const outputs = { ...state.outputs };
    delete outputs[MARKER_OUTPUT];
    return { ...state, outputs };
  });
  if (cleanup) return `removing the marker failed: ${cleanup}`;
  const back = await subject.replan();
  return typeof back === 'string' ? `after fail-back: ${back}` : undefined;
}

interface StateFile {
  readonly serial: number;
  readonly outputs?: Record<string, unknown>;
}

/** One state write through the engine (`state pull`, edit, `state push` of the next serial). */
async function editState(
  session: StackSession,
  edit: (state: StateFile) => StateFile,
): Promise<string | undefined> {
  const pulled = await session.run(['state', 'pull']);
  if (pulled.code !== 0) return failureDetail(pulled);
  const state = JSON.parse(pulled.stdout) as StateFile;
  writeFileSync(
    join(session.workDir, FAILOVER_WRITE),
    JSON.stringify({ ...edit(state), serial: state.serial + 1 }),
  );
  const push = await session.run(['state', 'push', FAILOVER_WRITE]);
  return push.code === 0 ? undefined : failureDetail(push);
}
