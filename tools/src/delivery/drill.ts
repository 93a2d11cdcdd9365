import {
  EnvironmentConfig,
  failoverRunbookName,
  frontDoorHosts,
  replicatesData,
} from '@strata/config';
import { dataBucketNames, Naming } from '@strata/core';
import { RECOVERY_METRIC_NAMESPACE, RECOVERY_OBJECTIVES } from '@strata/constructs/vocabulary';

/** One move of the Aurora global writer: the runbook of the region that takes over. */
export interface DrillLeg {
  readonly region: string;
  readonly documentName: string;
  readonly description: string;
}

/** A drill moves the writer to the secondary region and back, both as planned switchovers. */
export function drillLegs(env: EnvironmentConfig): DrillLeg[] {
  const secondary = env.secondaryRegion;
  if (!secondary || !replicatesData(env)) {
    throw new Error(
      `environments/${env.name}.yaml: data.replication: a failover drill needs a replicated environment with a secondary region`,
    );
  }
  const primary = env.primaryRegion.name;
  return [
    {
      region: secondary.name,
      documentName: failoverRunbookName(env, secondary.name),
      description: `writer ${primary} -> ${secondary.name}`,
    },
    {
      region: primary,
      documentName: failoverRunbookName(env, primary),
      description: `writer ${secondary.name} -> ${primary}`,
    },
  ];
}

/**
 * What the drill needs from SSM Automation, DNS and S3 (the AWS CLI and the zone's
 * authoritative name servers in the workflow, fakes in tests).
 */
export interface AutomationRunner {
  start(region: string, documentName: string, parameters: Record<string, string>): string;
  status(
    region: string,
    executionId: string,
  ): {
    readonly status: string;
    readonly outputs: Readonly<Record<string, readonly string[]>>;
    readonly failureMessage?: string;
  };
  sleep(milliseconds: number): void;
  /** Milliseconds on the runner's clock. */
  now(): number;
  /** The A records the zone's authoritative servers answer for `host` (empty: none). */
  resolve(host: string): readonly string[];
  /** Writes an object (the drill's marker). */
  putObject(region: string, bucket: string, key: string): void;
  /** Whether the object is there. */
  objectExists(region: string, bucket: string, key: string): boolean;
}

/** What the drill probes beside the database: the API host, each region's host, the buckets. */
export interface DrillTargets {
  /** The routed API host. */
  readonly apiHost: string;
  /** Each region's own host (always that region's load balancer). */
  readonly regionalHosts: Readonly<Record<string, string>>;
  /** The primary region's specs bucket, which replicates... */
  readonly sourceBucket: { readonly region: string; readonly name: string };
  /** ...into this one in the secondary region. */
  readonly replicaBucket: { readonly region: string; readonly name: string };
}

/** The hosts and buckets of a replicated environment, named as the edge and data layers name them. */
export function drillTargets(env: EnvironmentConfig): DrillTargets {
  const primary = env.primaryRegion.name;
  const secondary = drillLegs(env)[0].region;
  return {
    apiHost: frontDoorHosts(env, primary).api,
    regionalHosts: Object.fromEntries(
      [primary, secondary].map((region) => [region, frontDoorHosts(env, region).regional]),
    ),
    sourceBucket: {
      region: primary,
      name: dataBucketNames(new Naming(env, primary), env.accountId).content.specs,
    },
    replicaBucket: {
      region: secondary,
      name: dataBucketNames(new Naming(env, secondary), env.accountId).replicas.specs,
    },
  };
}

export interface LegResult {
  readonly leg: DrillLeg;
  readonly executionId: string;
  readonly status: string;
  readonly rtoSeconds?: number;
  readonly rpoSeconds?: number;
  /** Seconds from the start of the move until DNS answered the API host with the new region. */
  readonly trafficSeconds?: number;
  readonly failureMessage?: string;
}

/** How long the drill waits for DNS and replication before it calls a measurement missed. */
const PROBE_TIMEOUT_MS = RECOVERY_OBJECTIVES.rtoSeconds * 2 * 1000;
const PROBE_POLL_MS = 10_000;

/**
 * Polls until `done()` holds; returns the seconds from `startedAt` (runner clock, ms) or
 * undefined when it never did within the timeout.
 */
function secondsUntil(
  runner: AutomationRunner,
  startedAt: number,
  done: () => boolean,
  options: { readonly pollMs?: number; readonly timeoutMs?: number },
): number | undefined {
  const pollMs = options.pollMs ?? PROBE_POLL_MS;
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  for (let waited = 0; ; waited += pollMs) {
    if (done()) return Math.round((runner.now() - startedAt) / 1000);
    if (waited >= timeoutMs) return undefined;
    runner.sleep(pollMs);
  }
}

/** Whether DNS answers the API host with exactly what it answers for `region`'s own host. */
function trafficIn(runner: AutomationRunner, targets: DrillTargets, region: string): boolean {
  const api = [...runner.resolve(targets.apiHost)].sort();
  const regional = [...runner.resolve(targets.regionalHosts[region])].sort();
  return api.length > 0 && api.join(',') === regional.join(',');
}

/**
 * Object replication: a marker object written to the primary's bucket, timed until it is in
 * the replica (the object RPO a regional loss would cost at that moment).
 */
export function measureObjectReplication(
  runner: AutomationRunner,
  targets: DrillTargets,
  options: { readonly pollMs?: number; readonly timeoutMs?: number } = {},
): { readonly key: string; readonly seconds?: number } {
  const key = `drill/${new Date(runner.now()).toISOString()}.json`;
  const startedAt = runner.now();
  runner.putObject(targets.sourceBucket.region, targets.sourceBucket.name, key);
  const seconds = secondsUntil(
    runner,
    startedAt,
    () => runner.objectExists(targets.replicaBucket.region, targets.replicaBucket.name, key),
    options,
  );
  return { key, seconds };
}

const FINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'CompletedWithFailure']);

/**
 * Runs each leg's runbook in turn and waits for it, then times how long DNS takes to send the
 * API host to the leg's region (traffic follows the writer); stops after a leg that did not
 * succeed.
 */
export function runDrill(
  legs: readonly DrillLeg[],
  runner: AutomationRunner,
  targets: DrillTargets,
  options: {
    readonly pollMs?: number;
    readonly timeoutMs?: number;
    readonly probePollMs?: number;
    readonly probeTimeoutMs?: number;
  } = {},
): LegResult[] {
  const pollMs = options.pollMs ?? 20_000;
  const timeoutMs = options.timeoutMs ?? RECOVERY_OBJECTIVES.rtoSeconds * 3 * 1000;
  const results: LegResult[] = [];
  for (const leg of legs) {
    const startedAt = runner.now();
    const executionId = runner.start(leg.region, leg.documentName, { Mode: 'switchover' });
    let waited = 0;
    let state = runner.status(leg.region, executionId);
    while (!FINAL.has(state.status) && waited < timeoutMs) {
      runner.sleep(pollMs);
      waited += pollMs;
      state = runner.status(leg.region, executionId);
    }
    // A negative figure is the runbook's "not measured" (no replication lag was recorded).
    const seconds = (name: string) => {
      const value = state.outputs[`MoveWriter.${name}`]?.[0];
      return value === undefined || Number(value) < 0 ? undefined : Number(value);
    };
    const status = FINAL.has(state.status)
      ? state.status
      : `still ${state.status} after ${timeoutMs / 1000} s`;
    const result: LegResult = {
      leg,
      executionId,
      status,
      rtoSeconds: seconds('RecoveryTimeSeconds'),
      rpoSeconds: seconds('RecoveryPointSeconds'),
      trafficSeconds:
        status === 'Success'
          ? secondsUntil(runner, startedAt, () => trafficIn(runner, targets, leg.region), {
              pollMs: options.probePollMs,
              timeoutMs: options.probeTimeoutMs,
            })
          : undefined,
      failureMessage: state.failureMessage,
    };
    results.push(result);
    if (result.status !== 'Success') break;
  }
  return results;
}

/** The drill's verdict against the seeds' objectives, as the workflow's summary. */
export function drillReport(
  env: EnvironmentConfig,
  legs: readonly DrillLeg[],
  results: readonly LegResult[],
  objects: { readonly key: string; readonly seconds?: number },
): { readonly passed: boolean; readonly markdown: string } {
  const { rtoSeconds, rpoSeconds } = RECOVERY_OBJECTIVES;
  const figure = (value: number | undefined) => (value === undefined ? '' : `${value} s`);
  const rows = legs.map((leg) => {
    const result = results.find((r) => r.leg === leg);
    if (!result) return `| ${leg.description} | not run | | | | |`;
    return `| ${leg.description} | ${result.status}${result.failureMessage ? `: ${result.failureMessage}` : ''} | ${figure(result.rtoSeconds)} | ${figure(result.rpoSeconds)} | ${result.trafficSeconds === undefined ? 'not moved' : `${result.trafficSeconds} s`} | \`${result.executionId}\` |`;
  });
  const within = (value: number | undefined, limit: number) =>
    value !== undefined && value <= limit;
  const passed =
    results.length === legs.length &&
    results.every(
      (r) =>
        r.status === 'Success' &&
        within(r.rtoSeconds, rtoSeconds) &&
        within(r.rpoSeconds, rpoSeconds) &&
        within(r.trafficSeconds, rtoSeconds),
    ) &&
    within(objects.seconds, rpoSeconds);
  const markdown = [
    `## Regional failover drill: ${env.name} ${passed ? 'passed' : 'FAILED'}`,
    '',
    `Objectives: RTO <= ${rtoSeconds / 60} min, RPO <= ${rpoSeconds / 60} min (database figures measured by the runbook, metrics in CloudWatch ${RECOVERY_METRIC_NAMESPACE}; traffic from the start of the move until the API host resolves to the new region).`,
    '',
    '| Move | Result | Database RTO | Database RPO | Traffic | Execution |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| Data | RPO | How |',
    '| --- | --- | --- |',
    `| objects (specs bucket) | ${objects.seconds === undefined ? 'not replicated in time' : `${objects.seconds} s`} | \`${objects.key}\` written in the primary, found in the replica |`,
    '| queues (SQS) | not replicated | each region keeps its own queues; see the README recovery table |',
    '',
  ].join('\n');
  return { passed, markdown };
}
