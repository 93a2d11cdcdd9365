import { EnvironmentConfig, failoverRunbookName, replicatesData } from '@strata/config';
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

/** What the drill needs from SSM Automation (the AWS CLI in the workflow, fakes in tests). */
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
}

export interface LegResult {
  readonly leg: DrillLeg;
  readonly executionId: string;
  readonly status: string;
  readonly rtoSeconds?: number;
  readonly rpoSeconds?: number;
  readonly failureMessage?: string;
}

const FINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'CompletedWithFailure']);

/** Runs each leg's runbook in turn and waits for it; stops after a leg that did not succeed. */
export function runDrill(
  legs: readonly DrillLeg[],
  runner: AutomationRunner,
  options: { readonly pollMs?: number; readonly timeoutMs?: number } = {},
): LegResult[] {
  const pollMs = options.pollMs ?? 20_000;
  const timeoutMs = options.timeoutMs ?? RECOVERY_OBJECTIVES.rtoSeconds * 3 * 1000;
  const results: LegResult[] = [];
  for (const leg of legs) {
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
    const result: LegResult = {
      leg,
      executionId,
      status: FINAL.has(state.status)
        ? state.status
        : `still ${state.status} after ${timeoutMs / 1000} s`,
      rtoSeconds: seconds('RecoveryTimeSeconds'),
      rpoSeconds: seconds('RecoveryPointSeconds'),
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
): { readonly passed: boolean; readonly markdown: string } {
  const { rtoSeconds, rpoSeconds } = RECOVERY_OBJECTIVES;
  const rows = legs.map((leg) => {
    const result = results.find((r) => r.leg === leg);
    if (!result) return `| ${leg.description} | not run | | | |`;
    const rto = result.rtoSeconds === undefined ? '' : `${result.rtoSeconds} s`;
    const rpo = result.rpoSeconds === undefined ? '' : `${result.rpoSeconds} s`;
    return `| ${leg.description} | ${result.status}${result.failureMessage ? `: ${result.failureMessage}` : ''} | ${rto} | ${rpo} | \`${result.executionId}\` |`;
  });
  const passed =
    results.length === legs.length &&
    results.every(
      (r) =>
        r.status === 'Success' &&
        r.rtoSeconds !== undefined &&
        r.rtoSeconds <= rtoSeconds &&
        r.rpoSeconds !== undefined &&
        r.rpoSeconds <= rpoSeconds,
    );
  const markdown = [
    `## Regional failover drill: ${env.name} ${passed ? 'passed' : 'FAILED'}`,
    '',
    `Objectives: RTO <= ${rtoSeconds / 60} min, RPO <= ${rpoSeconds / 60} min (measured by the runbook; metrics in CloudWatch ${RECOVERY_METRIC_NAMESPACE}).`,
    '',
    '| Move | Result | RTO | RPO | Execution |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  return { passed, markdown };
}
