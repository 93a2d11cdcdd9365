import { loadEnvironments } from '@strata/config';
import { RECOVERY_OBJECTIVES } from '@strata/constructs/vocabulary';
import { AutomationRunner, drillLegs, drillReport, runDrill } from './drill';

const environments = loadEnvironments();
const staging = environments.find((env) => env.name === 'staging')!;
const dev = environments.find((env) => env.name === 'dev')!;

/** SSM Automation as the drill sees it: each execution runs `polls` status calls, then ends. */
function fakeAutomation(
  outcomes: Array<{ status: string; rto?: number; rpo?: number; polls?: number }>,
) {
  const started: Array<[string, string, Record<string, string>]> = [];
  const remaining = new Map<string, number>();
  let slept = 0;
  const runner: AutomationRunner = {
    start(region, documentName, parameters) {
      started.push([region, documentName, parameters]);
      const id = `exec-${started.length}`;
      remaining.set(id, outcomes[started.length - 1].polls ?? 2);
      return id;
    },
    status(_region, id) {
      const outcome = outcomes[Number(id.split('-')[1]) - 1];
      const left = remaining.get(id)! - 1;
      remaining.set(id, left);
      if (left > 0) return { status: 'InProgress', outputs: {} };
      const outputs: Record<string, string[]> = {};
      if (outcome.rto !== undefined)
        outputs['MoveWriter.RecoveryTimeSeconds'] = [String(outcome.rto)];
      if (outcome.rpo !== undefined)
        outputs['MoveWriter.RecoveryPointSeconds'] = [String(outcome.rpo)];
      return {
        status: outcome.status,
        outputs,
        failureMessage: outcome.status === 'Success' ? undefined : 'writer did not move',
      };
    },
    sleep(ms) {
      slept += ms;
    },
  };
  return { runner, started, slept: () => slept };
}

describe('regional failover drill', () => {
  it('moves the staging writer to the secondary region and back, through each region’s runbook', () => {
    expect(drillLegs(staging).map((leg) => [leg.region, leg.documentName])).toEqual([
      ['us-west-2', 'strata-staging-usw2-regional-failover'],
      ['us-east-1', 'strata-staging-use1-regional-failover'],
    ]);
  });

  it('refuses an environment without replication, naming the file and the field', () => {
    expect(() => drillLegs(dev)).toThrow('environments/dev.yaml: data.replication');
  });

  it('passes when both switchovers succeed within the objectives, and reports the figures', () => {
    const aws = fakeAutomation([
      { status: 'Success', rto: 95, rpo: 0, polls: 3 },
      { status: 'Success', rto: 88, rpo: 0 },
    ]);
    const legs = drillLegs(staging);
    const results = runDrill(legs, aws.runner, { pollMs: 1000 });
    expect(aws.started.map(([, , parameters]) => parameters)).toEqual([
      { Mode: 'switchover' },
      { Mode: 'switchover' },
    ]);
    expect(aws.slept()).toBe(3000);
    const report = drillReport(staging, legs, results);
    expect(report.passed).toBe(true);
    expect(report.markdown).toContain(
      '| writer us-east-1 -> us-west-2 | Success | 95 s | 0 s | `exec-1` |',
    );
  });

  it('fails a drill whose RTO misses the objective', () => {
    const aws = fakeAutomation([
      { status: 'Success', rto: RECOVERY_OBJECTIVES.rtoSeconds + 1, rpo: 0 },
      { status: 'Success', rto: 60, rpo: 0 },
    ]);
    const legs = drillLegs(staging);
    expect(drillReport(staging, legs, runDrill(legs, aws.runner)).passed).toBe(false);
  });

  it('fails a drill whose RPO the runbook could not measure (-1), and shows none', () => {
    const aws = fakeAutomation([
      { status: 'Success', rto: 60, rpo: -1 },
      { status: 'Success', rto: 60, rpo: 0 },
    ]);
    const legs = drillLegs(staging);
    const results = runDrill(legs, aws.runner);
    expect(results[0].rpoSeconds).toBeUndefined();
    const report = drillReport(staging, legs, results);
    expect(report.passed).toBe(false);
    expect(report.markdown).toContain('| writer us-east-1 -> us-west-2 | Success | 60 s |  |');
  });

  it('stops after a failed move and does not try to move back', () => {
    const aws = fakeAutomation([{ status: 'Failed' }, { status: 'Success', rto: 1, rpo: 0 }]);
    const legs = drillLegs(staging);
    const results = runDrill(legs, aws.runner);
    expect(aws.started).toHaveLength(1);
    const report = drillReport(staging, legs, results);
    expect(report.passed).toBe(false);
    expect(report.markdown).toContain('Failed: writer did not move');
    expect(report.markdown).toContain('| writer us-west-2 -> us-east-1 | not run |');
  });

  it('gives up waiting after the timeout', () => {
    const aws = fakeAutomation([{ status: 'Success', rto: 1, rpo: 0, polls: 100 }]);
    const results = runDrill(drillLegs(staging), aws.runner, { pollMs: 1000, timeoutMs: 5000 });
    expect(results[0].status).toBe('still InProgress after 5 s');
  });
});
