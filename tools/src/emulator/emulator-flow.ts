import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EnvironmentConfig, LayerName } from '@strata/config';
import {
  componentLogGroupName,
  PLATFORM_COMPONENTS,
  sessionLogGroupName,
} from '@strata/constructs/vocabulary';
import { bootstrapState } from '../delivery/bootstrap';
import type { EngineResult } from '../engine/engine-workdir';
import { synthesizedStacks, talksToCluster } from '../synthesized-stacks';
import type { Toolchain } from '../validate/toolchain';
import {
  awsSideStacks,
  Checkpoint,
  changedInputs,
  checkpointInputs,
  checkpointKey,
  loadCheckpoint,
  restartPoints,
  RestartPoint,
  restoreEmulator,
  saveCheckpoint,
  snapshotEmulator,
  snapshotIn,
} from './checkpoint';
import { outputPlaceholders } from './cluster-override';
import {
  LocalCluster,
  releasesDeployed,
  startLocalCluster,
  unlistedContainerNeeds,
} from './local-cluster';
import { Emulator } from './emulator';
import {
  EmulatorApi,
  emptyBucket,
  getObject,
  lockIds,
  heldLock,
  releaseStateLock,
  StateBackendSettings,
  stateLockId,
} from './emulator-api';
import { EmulatorGaps, PlannedChange, unexpectedChanges } from './emulator-gaps';
import { FlowStack, planFlow } from './flow-plan';
import { lockingFailures, observeStateLocking } from './lock-check';
import { checkStateFailover } from './state-failover-check';
import { lineReachesArchive } from './log-archive-check';
import { partialTargets, remoteOutputReferences, StackJson } from './partial-targets';
import { failureDetail, StackSession } from './stack-session';
import { downstreamStacks, runInOrder, StackBackends, upstreamStacks } from './stack-order';

export interface FlowCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly seconds: number;
  readonly detail?: string;
  /** What a passed check measured, e.g. how many releases reached `deployed`. */
  readonly note?: string;
}

export interface FlowOptions {
  readonly root: string;
  readonly environment: EnvironmentConfig;
  readonly toolchain: Toolchain;
  readonly gaps: EmulatorGaps;
  /** Scratch directory for stack copies, the bootstrap state and the emulator log. */
  readonly workRoot: string;
  /** Called with each check as it completes. */
  readonly report: (check: FlowCheck) => void;
}

/** The note on a check a restored checkpoint carries over. */
const CARRIED = 'carried from the checkpoint: same inputs';

/** A check's outcome: nothing (passed), what went wrong, or a pass with what it measured. */
type Outcome = string | undefined | { readonly note: string };

/**
 * The local environment against the emulator, end to end: start moto, apply the state
 * bootstrap (local state), then every layer with the real S3 backend and DynamoDB lock
 * table (whole, or in part where gaps.json says the emulator falls short), each as soon as
 * the stacks it reads are applied, and re-plan each clean; prove the state lock; destroy what
 * was applied, each stack once its readers are gone; and stop moto whatever happened. moto's
 * state is saved at each restart point and, in a later run with the same inputs for the stacks
 * before one, restored instead of applying them again (checkpoint.ts).
 */
export async function runEmulatorFlow(options: FlowOptions): Promise<FlowCheck[]> {
  const env = options.environment;
  const emulatorSettings = env.emulator;
  if (!emulatorSettings) throw new Error(`environment ${env.name} has no emulator settings`);
  const python = options.toolchain.emulator?.python;
  if (!python)
    throw new Error('the toolchain has no emulator: run "node tools/toolchain/install.mjs"');
  const flow = planFlow(
    env,
    (layer: LayerName) => synthesizedStacks(options.root, layer),
    options.gaps.unsupported,
    options.gaps.unrunnable,
  );

  const checks: FlowCheck[] = [];
  const check = async (name: string, body: () => Promise<Outcome>): Promise<boolean> => {
    const started = Date.now();
    let outcome: Outcome;
    try {
      outcome = await body();
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error);
    }
    const failure = typeof outcome === 'string' ? outcome : undefined;
    const result: FlowCheck = {
      name,
      passed: failure === undefined,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      ...(failure === undefined ? {} : { detail: failure }),
      ...(typeof outcome === 'object' ? { note: outcome.note } : {}),
    };
    checks.push(result);
    options.report(result);
    return result.passed;
  };

  rmSync(options.workRoot, { recursive: true, force: true });
  const api: EmulatorApi = { endpoint: emulatorSettings.endpoint, region: env.primaryRegion.name };
  const bootstrapStateFile = join(options.workRoot, 'bootstrap.tfstate');
  const emulator = await Emulator.start({
    endpoint: emulatorSettings.endpoint,
    source: `environments/${env.name}.yaml`,
    python,
    launcher: join(options.root, 'tools', 'src', 'emulator', 'moto_server.py'),
    logFile: join(options.workRoot, 'emulator.log'),
  });
  const applied: StackSession[] = [];
  const scopes = new Map<StackSession, Scope>();
  const runnable = flow.filter((stack) => stack.mode !== 'skip');
  const upstream = upstreamStacks(runnable, stackBackends);
  // Stacks that talk to the cluster apply to a local control plane, started beside moto and
  // awaited by the first of them.
  const clusterStacks = new Set(runnable.filter((stack) => talksToCluster(stack.stackDir)));
  // One that installs no releases (the edge's TargetGroupBinding) needs the CRDs the add-ons
  // install, though it reads no add-ons state: it applies after them and goes before them.
  const releaseStacks = new Set([...clusterStacks].filter(hasHelmReleases));
  for (const stack of clusterStacks) {
    if (!releaseStacks.has(stack))
      upstream.set(stack, [...(upstream.get(stack) ?? []), ...releaseStacks]);
  }
  // Every backend but the bootstrap's own lives in what the bootstrap creates.
  const bootstrap = runnable.filter((stack) => stack.layer === 'state');
  const dependsOn = (stack: FlowStack) =>
    stack.layer === 'state' ? [] : [...bootstrap, ...(upstream.get(stack) ?? [])];
  // The AWS side applies whole before any stack after it starts, and each restart point
  // within it before any stack after that point (checkpoint.ts).
  const awsSide = awsSideStacks(runnable, upstream, (stack) => clusterStacks.has(stack));
  const points = restartPoints(
    runnable.filter((stack) => awsSide.has(stack)),
    dependsOn,
    (stack) => stack.layer,
  );
  const applyAfter = (stack: FlowStack) => [
    ...dependsOn(stack),
    ...points.flatMap((point) => (point.stacks.includes(stack) ? [] : point.stacks)),
  ];
  const checkpointRoot = join(options.root, 'dist', 'emulator', 'checkpoint', env.name);
  // Each point's key, read once before anything applies: what the run starts from is what a
  // checkpoint it saves stands for.
  const inputs = new Map(
    points.map((point) => [
      point,
      checkpointInputs({
        root: options.root,
        environment: env,
        toolchain: options.toolchain,
        stacks: point.stacks,
      }),
    ]),
  );
  const inputsOf = (point: RestartPoint<FlowStack>): Record<string, string> => {
    const found = inputs.get(point);
    if (found === undefined) throw new Error(`no inputs for restart point ${point.name}`);
    return found;
  };
  const keyOf = (point: RestartPoint<FlowStack>): string => checkpointKey(inputsOf(point));
  // The longest restart point whose checkpoint has this run's inputs, and those after it,
  // which this run saves.
  let restored: { point: RestartPoint<FlowStack>; checkpoint: Checkpoint } | undefined;
  for (const point of [...points].reverse()) {
    const checkpoint = loadCheckpoint(join(checkpointRoot, point.name), keyOf(point));
    if (checkpoint) {
      restored = { point, checkpoint };
      break;
    }
    // Say which inputs changed since it was saved: a run that could have restarted later and
    // did not should name the reason.
    const changed = changedInputs(join(checkpointRoot, point.name), inputsOf(point));
    if (changed.length > 0) {
      const shown = changed.slice(0, 8).join(', ');
      const more = changed.length > 8 ? ` and ${changed.length - 8} more` : '';
      console.log(
        `NOTE checkpoint ${point.name} not restored: changed since saved: ${shown}${more}`,
      );
    }
  }
  const restoredStacks = new Set(restored?.point.stacks ?? []);
  const toSave = points.slice(restored ? points.indexOf(restored.point) + 1 : 0);
  const snapshotOf = (point: RestartPoint<FlowStack>) =>
    point === restored?.point
      ? restored.checkpoint.snapshot
      : snapshotIn(join(options.workRoot, 'restart-points', point.name));
  // No process that held a state lock at the barrier lives on after a restore.
  const restorePoint = async (point: RestartPoint<FlowStack>): Promise<number> => {
    await restoreEmulator(emulatorSettings.endpoint, snapshotOf(point));
    let released = 0;
    for (const stack of point.stacks) released += await releaseStateLock(api, s3Backend(stack));
    return released;
  };
  const clusterStack = flow.find(
    (stack) => stack.layer === 'cluster' && stack.stack.startsWith('cluster-'),
  );
  let cluster: Promise<LocalCluster> | undefined;
  if (clusterStacks.size > 0) {
    const binaries = options.toolchain.controlPlane;
    if (!binaries)
      throw new Error('the toolchain has no control plane: run "node tools/toolchain/install.mjs"');
    if (!clusterStack) throw new Error(`no synthesized cluster stack for ${env.name}`);
    cluster = startLocalCluster({
      binaries,
      helm: options.toolchain.kubeTools?.helm,
      admission: options.toolchain.admission?.path,
      repoRoot: options.root,
      workDir: join(options.workRoot, 'control-plane'),
      clusterStackDir: clusterStack.stackDir,
      zones: zoneNames(env),
    });
    // A start that fails is reported by the stacks that need it; never an unhandled rejection.
    cluster.catch(() => undefined);
  }
  const helm = options.toolchain.kubeTools?.helm;
  // A cluster stack's failure may come from a local stand-in; its last error goes with it.
  const standInDetail = async (stack: FlowStack): Promise<string> => {
    if (!cluster || !clusterStacks.has(stack)) return '';
    const errors = (await cluster.catch(() => undefined))?.standInErrors() ?? [];
    return errors.map((error) => `\n${error}`).join('');
  };
  try {
    // A checkpoint with this run's inputs: its stacks as they were applied, their checks carried.
    const restoredOk =
      restored !== undefined &&
      (await check(`${restored.point.label}: restored from the checkpoint`, async () => {
        const released = await restorePoint(restored.point);
        const { savedAt, stacks } = restored.checkpoint;
        return {
          note: `saved ${savedAt}, ${stacks.length} stacks unchanged since (${stacks.join(', ')}); ${released} lock(s) released`,
        };
      }));
    for (const carried of restored?.checkpoint.checks ?? []) {
      const result = { ...carried, note: CARRIED };
      checks.push(result);
      options.report(result);
    }
    // A barrier: the first stack after a restart point saves it, once, before it applies.
    const saving = new Map<RestartPoint<FlowStack>, Promise<boolean>>();
    const savePoint = (point: RestartPoint<FlowStack>): Promise<boolean> => {
      let saved = saving.get(point);
      if (!saved) {
        saved = check(`${point.label}: saved as the flow's restart point`, async () => {
          const file = snapshotOf(point);
          mkdirSync(dirname(file), { recursive: true });
          await snapshotEmulator(emulatorSettings.endpoint, file);
          return {
            note: `${point.stacks.length} stacks, ${(statSync(file).size / 1e6).toFixed(1)} MB`,
          };
        });
        saving.set(point, saved);
      }
      return saved;
    };

    // Each stack applies once the stacks whose state it reads have applied; stacks that read
    // nothing of each other's apply side by side. Its re-plan runs beside the stacks applied
    // after it (a plan only reads), and every re-plan ends before anything is destroyed.
    const replans: Array<Promise<boolean>> = [];
    await runInOrder(
      runnable,
      applyAfter,
      async (stack) => {
        if (restoredStacks.has(stack) && !restoredOk) return false;
        for (const point of toSave) if (!point.stacks.includes(stack)) await savePoint(point);
        const session = new StackSession(
          stack,
          join(options.workRoot, 'stacks'),
          options.toolchain,
          () => heldLock(api, s3Backend(stack)),
        );
        // A cluster stack's Helm values take placeholders for absent outputs (cluster-override.ts).
        const upstreamGaps = clusterStacks.has(stack)
          ? outputPlaceholders(stackJson(stack), await absentOutputs(api, stack))
          : {
              absent: await absentOutputs(api, stack),
              absentOutsideHelm: new Set<string>(),
              defaults: {},
            };
        const scope = targetsOf(stack, upstreamGaps.absent, upstreamGaps.absentOutsideHelm);
        scopes.set(session, scope);
        if (restoredStacks.has(stack)) {
          // Applied and checked in the run that saved the checkpoint: only its working
          // directory is made again (the destroy and the later checks run in it).
          const init = await session.init();
          if (init.code !== 0) {
            await check(
              `${stack.stack}: init on the restored AWS side`,
              async () => `init failed:\n${failureDetail(init)}`,
            );
            return false;
          }
          applied.push(session);
          return true;
        }
        const label =
          stack.layer === 'state'
            ? 'bootstrap (apply from a local state file, then move it into its own bucket)'
            : scope.args.length > 0
              ? `apply in part (${scope.targets.length} resources; ${scope.excluded.length} left out)`
              : 'apply';
        const ok = await check(`${stack.stack}: ${label}`, async () => {
          if (cluster && clusterStacks.has(stack)) {
            if (!helm)
              throw new Error('the toolchain has no helm: run "node tools/toolchain/install.mjs"');
            const local = await cluster;
            local.writeOverride(session.workDir, stackJson(stack), upstreamGaps.defaults, helm);
          }
          if (stack.layer === 'state') {
            // The bootstrap as the README runs it: a local file first, then moved into the
            // bucket it created; its re-plan below reads the bucket.
            let last: EngineResult | undefined;
            const result = await bootstrapState(
              session.workDir,
              bootstrapStateFile,
              async (args) => (last = await session.run(args)).code,
              ['-auto-approve', ...scope.args],
            );
            if (result.failed)
              return `bootstrap ${result.failed} failed:\n${last ? failureDetail(last) : ''}`;
            applied.push(session);
            return undefined;
          }
          const init = await session.init();
          if (init.code !== 0) return `init failed:\n${failureDetail(init)}`;
          const apply = await session.run([
            'apply',
            '-auto-approve',
            '-input=false',
            ...scope.args,
          ]);
          if (apply.code !== 0)
            return `apply failed:\n${failureDetail(apply)}${await standInDetail(stack)}`;
          applied.push(session);
          return undefined;
        });
        if (ok && cluster && releaseStacks.has(stack)) {
          const local = await cluster;
          await check(`${stack.stack}: Argo CD's Applications sync (the flow plays Argo CD)`, () =>
            local.syncApplications(join(options.workRoot, 'argo-cd')),
          );
        }
        if (ok) {
          const replan = check(`${stack.stack}: re-plan shows no changes`, () =>
            replanClean(session, options.gaps, scope.args),
          );
          // A pull request's plan reaches the cluster as the plan role, which reads no Secret:
          // it must plan the applied stack just as clean (HELM_RELEASE_DRIVER says why it can).
          const asPlanRole = async () => {
            if (!cluster || !clusterStacks.has(stack) || !helm) return true;
            const local = await cluster;
            const json = stackJson(stack);
            return check(
              `${stack.stack}: the plan role's view access re-plans it with no changes`,
              async () => {
                local.writeOverride(session.workDir, json, upstreamGaps.defaults, helm, 'plan');
                try {
                  return await replanClean(session, options.gaps, scope.args);
                } finally {
                  local.writeOverride(session.workDir, json, upstreamGaps.defaults, helm);
                }
              },
            );
          };
          replans.push(replan.then(asPlanRole));
        }
        return ok;
      },
      { stopOnFailure: true },
    );
    await Promise.all(replans);
    // What each restart point's stacks passed before its barrier, kept with its checkpoint
    // (as first measured: the carried ones as the checkpoint holds them).
    const passedBefore = [
      ...(restored?.checkpoint.checks ?? []),
      ...checks.filter((candidate) => candidate.note !== CARRIED),
    ];
    const checksOf = (point: RestartPoint<FlowStack>) =>
      passedBefore.filter((candidate) =>
        point.stacks.some((stack) => candidate.name.startsWith(`${stack.stack}: `)),
      );

    // The cluster side, as applied: every release reached `deployed`, and everything the
    // releases registered that needs a container to work is one gaps.json names.
    if (cluster) {
      const local = await cluster.catch(() => undefined);
      for (const session of applied.filter((candidate) => releaseStacks.has(candidate.stack))) {
        const { bucket, key } = s3Backend(session.stack);
        await check(`${session.stack.stack}: every Helm release reached deployed`, async () =>
          releasesDeployed(await getObject(api, bucket, key)),
        );
      }
      if (local) {
        await check('cluster: what needs a container is named in gaps.json', async () =>
          unlistedContainerNeeds(
            local.plane.auditEvents(),
            options.gaps.cluster?.needsContainers ?? [],
          ),
        );
      }
    }

    // The components' logs, end to end where the emulator can carry them: a line written to
    // each group reaches the archive through the deployed subscription and stream.
    for (const session of applied.filter((candidate) => candidate.stack.layer === 'data')) {
      await check(
        `${session.stack.stack}: each component's log lines, and the nodes' sessions, reach the log archive`,
        async () => {
          const failures: string[] = [];
          const groups = [
            ...PLATFORM_COMPONENTS.map((component) => componentLogGroupName(env.name, component)),
            sessionLogGroupName(env.name),
          ];
          for (const group of groups) {
            const failure = await lineReachesArchive(api, group);
            if (failure) failures.push(failure);
          }
          return failures.length > 0 ? failures.join('; ') : undefined;
        },
      );
    }

    // The state failover and fail-back, on the smallest applied stack that reads another's
    // state and talks to no cluster (state-failover-check.ts). It touches only that stack's
    // state: the other stacks' destroys go on meanwhile, and that stack's own waits for it.
    const failover = applied
      .filter(
        (session) =>
          !clusterStacks.has(session.stack) &&
          Object.keys(stackJson(session.stack).data?.terraform_remote_state ?? {}).length > 0,
      )
      .sort((a, b) => resourceCount(a.stack) - resourceCount(b.stack))[0];
    const failoverCheck = failover
      ? check(
          `${failover.stack.stack}: state failover (plans from the secondary region's replica and locks there) and fail-back (state copied home)`,
          () =>
            checkStateFailover(api, env, {
              session: failover,
              stack: stackJson(failover.stack),
              replan: () => replanClean(failover, options.gaps, scopes.get(failover)?.args ?? []),
            }),
        )
      : Promise.resolve(true);

    // The lock check holds one stack's state lock; the other stacks' destroys go on meanwhile,
    // and that stack's own destroy waits for it.
    const locked = applied.find((session) => session.stack.layer !== 'state');
    const lockCheck = locked
      ? (() => {
          const backend = s3Backend(locked.stack);
          const { bucket, key, dynamodb_table: table } = backend;
          return check(
            `${locked.stack.stack}: a second run is refused while the state is locked`,
            async () => {
              const observation = await observeStateLocking(locked, {
                readState: () => getObject(api, bucket, key),
                lockHeld: async () =>
                  table !== undefined && (await lockIds(api, table)).includes(stateLockId(backend)),
              });
              const failures = lockingFailures(observation);
              return failures.length > 0 ? failures.join('; ') : undefined;
            },
          );
        })()
      : Promise.resolve(true);

    // The bootstrap stays: its bucket holds every layer's state history, and the emulator
    // (with everything in it) is discarded when it stops.
    // Each stack is destroyed once every stack reading its state is gone (destroyed or failed
    // trying: the rest is still removed as far as it can be).
    const destroyable = applied.filter((session) => session.stack.layer !== 'state');
    const readers = downstreamStacks(upstream);
    const sessionOf = new Map(destroyable.map((session) => [session.stack, session]));
    const destroyAfter = (session: StackSession) =>
      (readers.get(session.stack) ?? []).flatMap((reader) => sessionOf.get(reader) ?? []);
    await runInOrder(
      destroyable,
      destroyAfter,
      async (session) => {
        if (session === locked) await lockCheck;
        if (session === failover) await failoverCheck;
        const { bucket, key } = s3Backend(session.stack);
        return check(`${session.stack.stack}: destroy`, async () => {
          // S3 writes server access logs into the stack's log buckets, also while the destroy
          // deletes the logged buckets; they are no resource. Empty them, destroy, and once
          // more if the last logs arrived after the first emptying.
          const logBuckets = await logTargetBuckets(api, bucket, key);
          const destroyArgs = [
            'destroy',
            '-auto-approve',
            '-input=false',
            ...(scopes.get(session)?.args ?? []),
          ];
          for (const target of logBuckets) await emptyBucket(api, target);
          let destroy = await session.run(destroyArgs);
          if (
            destroy.code !== 0 &&
            logBuckets.length > 0 &&
            /BucketNotEmpty/.test(`${destroy.stderr}${destroy.stdout}`)
          ) {
            for (const target of logBuckets) await emptyBucket(api, target);
            destroy = await session.run(destroyArgs);
          }
          if (destroy.code !== 0)
            return `destroy failed:\n${failureDetail(destroy)}${await standInDetail(session.stack)}`;
          const state = await getObject(api, bucket, key);
          // A targeted destroy may leave data sources' reads in the state, never a resource.
          const left =
            state === undefined
              ? []
              : (JSON.parse(state) as { resources: Array<{ mode: string }> }).resources.filter(
                  (resource) => resource.mode === 'managed',
                );
          return left.length === 0
            ? undefined
            : `${left.length} resources left in the state after destroy`;
        });
      },
      { stopOnFailure: false },
    );
    await lockCheck;
    await failoverCheck;

    // Each restart point this run restored or saved restores: after the destroys it comes
    // back and each of its stacks (the bootstrap's buckets and table hold their states) plans
    // clean.
    for (const point of points) {
      const used = point === restored?.point ? restoredOk : await saving.get(point);
      if (!used) continue;
      await check(
        `${point.label}: the restart point restores (each of its stacks re-plans with no changes)`,
        async () => {
          await restorePoint(point);
          const sessions = applied.filter((session) => point.stacks.includes(session.stack));
          const failures = (
            await Promise.all(
              sessions.map(async (session) => {
                const outcome = await replanClean(
                  session,
                  options.gaps,
                  scopes.get(session)?.args ?? [],
                );
                return typeof outcome === 'string' ? `${session.stack.stack}: ${outcome}` : [];
              }),
            )
          ).flat();
          return failures.length > 0 ? failures.join('\n') : { note: `${sessions.length} stacks` };
        },
      );
    }
    // Kept only from a run that passed whole; the one restored is kept already.
    if (checks.every((candidate) => candidate.passed)) {
      for (const point of toSave) {
        if (!saving.has(point)) continue;
        saveCheckpoint(join(checkpointRoot, point.name), {
          key: keyOf(point),
          inputs: inputsOf(point),
          stacks: point.stacks.map((stack) => stack.stack),
          checks: checksOf(point),
          savedAt: new Date().toISOString(),
          snapshot: snapshotOf(point),
        });
      }
    }
  } finally {
    await (await cluster?.catch(() => undefined))?.stop();
    await emulator.stop();
  }
  return checks;
}

/** How many resources a stack declares. */
function resourceCount(stack: FlowStack): number {
  return Object.values(stackJson(stack).resource ?? {}).reduce(
    (count, resources) => count + Object.keys(resources).length,
    0,
  );
}

/** Whether a stack installs Helm releases (an add-ons stack, not the edge's one binding). */
function hasHelmReleases(stack: FlowStack): boolean {
  return Object.keys(stackJson(stack).resource?.helm_release ?? {}).length > 0;
}

/** The environment's zone names as the emulator reports them: the region's first zones. */
function zoneNames(env: EnvironmentConfig): string[] {
  return Array.from(
    { length: env.network.azCount },
    (_, index) => `${env.primaryRegion.name}${String.fromCharCode(97 + index)}`,
  );
}

/** The buckets a stack's `aws_s3_bucket_logging` resources deliver access logs to, from its state. */
async function logTargetBuckets(api: EmulatorApi, bucket: string, key: string): Promise<string[]> {
  const state = await getObject(api, bucket, key);
  if (state === undefined) return [];
  const resources = (
    JSON.parse(state) as {
      resources: Array<{
        type: string;
        instances: Array<{ attributes: { target_bucket?: string } }>;
      }>;
    }
  ).resources;
  return [
    ...new Set(
      resources
        .filter((resource) => resource.type === 'aws_s3_bucket_logging')
        .flatMap((resource) => resource.instances.map((i) => i.attributes.target_bucket ?? ''))
        .filter(Boolean),
    ),
  ];
}

/** Where a stack keeps its state, as synthesized (the flow reads what the engine reads). */
function s3Backend(stack: FlowStack): StateBackendSettings {
  const json = JSON.parse(readFileSync(join(stack.stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform: { backend: { s3?: StateBackendSettings } };
  };
  const backend = json.terraform.backend.s3;
  if (!backend) throw new Error(`${stack.stack} has no S3 backend`);
  return backend;
}

/** The stack's own state key and the state keys it reads, as synthesized. */
function stackBackends(stack: FlowStack): StackBackends {
  const json = stackJson(stack);
  return {
    stateKey: json.terraform.backend.s3?.key,
    readsKeys: Object.values(json.data?.terraform_remote_state ?? {}).map(
      (remote) => remote.config.key,
    ),
  };
}

interface Scope {
  readonly args: string[];
  readonly targets: string[];
  readonly excluded: string[];
}

/**
 * The `-target` arguments of a stack run in part (none for a whole stack): its own gaps, and
 * the upstream outputs its remote states lack because an upstream stack ran in part.
 */
function targetsOf(
  stack: FlowStack,
  absent: ReadonlySet<string>,
  absentOutsideHelm: ReadonlySet<string>,
): Scope {
  if (stack.mode !== 'partial' && absent.size + absentOutsideHelm.size === 0)
    return { args: [], targets: [], excluded: [] };
  const { targets, excluded } = partialTargets(
    stackJson(stack),
    new Set(stack.gaps.map((gap) => gap.resourceType)),
    absent,
    absentOutsideHelm,
  );
  return { args: targets.map((target) => `-target=${target}`), targets, excluded };
}

function stackJson(stack: FlowStack): StackJson & {
  terraform: { backend: { s3?: { key: string } } };
  data?: { terraform_remote_state?: Record<string, { config: { bucket: string; key: string } }> };
} {
  return JSON.parse(readFileSync(join(stack.stackDir, 'cdk.tf.json'), 'utf8'));
}

/** The upstream outputs a stack reads that the upstream states (in the emulator) do not hold. */
async function absentOutputs(api: EmulatorApi, stack: FlowStack): Promise<Set<string>> {
  const json = stackJson(stack);
  const remotes = json.data?.terraform_remote_state ?? {};
  // Each upstream state is read once, however many of its outputs the stack reads.
  const outputsOf = new Map<string, object>();
  const absent = new Set<string>();
  for (const reference of remoteOutputReferences(json)) {
    const [, , name, , output] = reference.split('.');
    const remote = remotes[name];
    if (!remote) continue;
    if (!outputsOf.has(name)) {
      const state = await getObject(api, remote.config.bucket, remote.config.key);
      const outputs =
        state === undefined ? {} : (JSON.parse(state) as { outputs?: object }).outputs;
      outputsOf.set(name, outputs ?? {});
    }
    if (!(output in (outputsOf.get(name) ?? {}))) absent.add(reference);
  }
  return absent;
}

/** How long a re-plan waits for a state lock the run before it is still releasing. */
const REPLAN_LOCK_TIMEOUT_SECONDS = 120;

/** Right after apply, a plan may only propose the drift gaps.json lists. */
async function replanClean(
  session: StackSession,
  gaps: EmulatorGaps,
  targetArgs: readonly string[],
): Promise<Outcome> {
  const plan = await session.run([
    'plan',
    '-input=false',
    '-detailed-exitcode',
    // The run before may still be releasing its lock when moto answers slowly under load; a
    // re-plan waits for it rather than failing (the lock check proves a held lock refuses).
    `-lock-timeout=${REPLAN_LOCK_TIMEOUT_SECONDS}s`,
    '-out=replan.tfplan',
    ...targetArgs,
  ]);
  if (plan.code === 0) return undefined;
  if (plan.code !== 2) return `plan failed:\n${failureDetail(plan)}`;
  const show = await session.run(['show', '-json', 'replan.tfplan']);
  if (show.code !== 0) return `show failed:\n${failureDetail(show)}`;
  const changes =
    (JSON.parse(show.stdout) as { resource_changes?: PlannedChange[] }).resource_changes ?? [];
  const unexpected = unexpectedChanges(changes, gaps.drift);
  return unexpected.length === 0
    ? undefined
    : `the re-plan proposes changes:\n${unexpected.join('\n')}`;
}
