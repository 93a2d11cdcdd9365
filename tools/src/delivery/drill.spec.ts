import { loadEnvironments } from '@strata/config';
import { RECOVERY_OBJECTIVES } from '@strata/constructs/vocabulary';
import {
  AutomationRunner,
  drillLegs,
  drillReport,
  drillTargets,
  measureObjectReplication,
  runDrill,
} from './drill';

const environments = loadEnvironments();
const staging = environments.find((env) => env.name === 'staging')!;
const dev = environments.find((env) => env.name === 'dev')!;
const targets = drillTargets(staging);

/**
 * SSM Automation, DNS and S3 as the drill sees them, on a clock the drill's sleeps advance:
 * each execution runs `polls` status calls, then ends; once a move succeeded, the API host
 * resolves to the new region `dnsAfterMs` after the move began; the marker object reaches the
 * replica `replicationMs` after it was written.
 */
function fakeAutomation(
  outcomes: Array<{ status: string; rto?: number; rpo?: number; polls?: number }>,
  world: { dnsAfterMs?: number; replicationMs?: number } = {},
) {
  const started: Array<[string, string, Record<string, string>]> = [];
  const remaining = new Map<string, number>();
  let clock = 1_700_000_000_000;
  let slept = 0;
  const addresses: Record<string, string[]> = {
    'us-east-1': ['192.0.2.1', '192.0.2.2'],
    'us-west-2': ['198.51.100.7'],
  };
  let serving = 'us-east-1';
  let switchAt: { region: string; at: number } | undefined;
  const objects = new Map<string, number>();
  const puts: Array<[string, string, string]> = [];
  const runner: AutomationRunner = {
    start(region, documentName, parameters) {
      started.push([region, documentName, parameters]);
      const id = `exec-${started.length}`;
      remaining.set(id, outcomes[started.length - 1].polls ?? 2);
      if (outcomes[started.length - 1].status === 'Success')
        switchAt = { region, at: clock + (world.dnsAfterMs ?? 60_000) };
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
      clock += ms;
    },
    now: () => clock,
    resolve(host) {
      if (switchAt && clock >= switchAt.at) serving = switchAt.region;
      if (host === targets.apiHost) return addresses[serving];
      const region = Object.entries(targets.regionalHosts).find(([, name]) => name === host)?.[0];
      return region ? addresses[region] : [];
    },
    putObject(region, bucket, key) {
      puts.push([region, bucket, key]);
      objects.set(key, clock + (world.replicationMs ?? 20_000));
    },
    objectExists(region, bucket, key) {
      expect([region, bucket]).toEqual([targets.replicaBucket.region, targets.replicaBucket.name]);
      return (objects.get(key) ?? Infinity) <= clock;
    },
  };
  return { runner, started, puts, slept: () => slept };
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

  it('names the hosts and buckets as the edge and data layers do', () => {
    expect(targets).toEqual({
      apiHost: 'staging.api.strata.example.com',
      regionalHosts: {
        'us-east-1': 'us-east-1.staging.api.strata.example.com',
        'us-west-2': 'us-west-2.staging.api.strata.example.com',
      },
      sourceBucket: { region: 'us-east-1', name: 'strata-staging-use1-specs-222222222222' },
      replicaBucket: {
        region: 'us-west-2',
        name: 'strata-staging-usw2-specs-replica-222222222222',
      },
    });
  });

  it('passes when the writer, the traffic and the objects move within the objectives, and reports the figures', () => {
    const aws = fakeAutomation(
      [
        { status: 'Success', rto: 95, rpo: 0, polls: 3 },
        { status: 'Success', rto: 88, rpo: 0 },
      ],
      { dnsAfterMs: 150_000, replicationMs: 25_000 },
    );
    const legs = drillLegs(staging);
    const objects = measureObjectReplication(aws.runner, targets, { pollMs: 5000 });
    expect(aws.puts).toEqual([['us-east-1', targets.sourceBucket.name, objects.key]]);
    expect(objects.seconds).toBe(25);
    const results = runDrill(legs, aws.runner, targets, { pollMs: 1000, probePollMs: 10_000 });
    expect(aws.started.map(([, , parameters]) => parameters)).toEqual([
      { Mode: 'switchover' },
      { Mode: 'switchover' },
    ]);
    // Traffic follows the writer: the API host answers with the new region 150 s on (seen at
    // the first 10-second probe after that).
    for (const result of results) {
      expect(result.trafficSeconds).toBeGreaterThanOrEqual(150);
      expect(result.trafficSeconds).toBeLessThan(160);
    }
    const report = drillReport(staging, legs, results, objects);
    expect(report.passed).toBe(true);
    expect(report.markdown).toContain(
      `| writer us-east-1 -> us-west-2 | Success | 95 s | 0 s | ${results[0].trafficSeconds} s | \`exec-1\` |`,
    );
    expect(report.markdown).toContain('| objects (specs bucket) | 25 s |');
    expect(report.markdown).toContain('| queues (SQS) | not replicated |');
  });

  it('fails a drill whose traffic never follows the writer, or whose objects are late', () => {
    const legs = drillLegs(staging);
    const stuck = fakeAutomation(
      [
        { status: 'Success', rto: 60, rpo: 0 },
        { status: 'Success', rto: 60, rpo: 0 },
      ],
      { dnsAfterMs: 10 * RECOVERY_OBJECTIVES.rtoSeconds * 1000 },
    );
    const results = runDrill(legs, stuck.runner, targets, { probeTimeoutMs: 60_000 });
    expect(results[0].trafficSeconds).toBeUndefined();
    const onTime = { key: 'drill/x', seconds: 20 };
    const report = drillReport(staging, legs, results, onTime);
    expect(report.passed).toBe(false);
    expect(report.markdown).toContain('| not moved |');
    const late = fakeAutomation([], {
      replicationMs: (RECOVERY_OBJECTIVES.rpoSeconds + 60) * 1000,
    });
    const objects = measureObjectReplication(late.runner, targets);
    expect(objects.seconds).toBeGreaterThan(RECOVERY_OBJECTIVES.rpoSeconds);
    const fine = fakeAutomation([
      { status: 'Success', rto: 60, rpo: 0 },
      { status: 'Success', rto: 60, rpo: 0 },
    ]);
    expect(drillReport(staging, legs, runDrill(legs, fine.runner, targets), objects).passed).toBe(
      false,
    );
  });

  it('fails a drill whose RTO misses the objective', () => {
    const aws = fakeAutomation([
      { status: 'Success', rto: RECOVERY_OBJECTIVES.rtoSeconds + 1, rpo: 0 },
      { status: 'Success', rto: 60, rpo: 0 },
    ]);
    const legs = drillLegs(staging);
    expect(
      drillReport(staging, legs, runDrill(legs, aws.runner, targets), { key: 'k', seconds: 1 })
        .passed,
    ).toBe(false);
  });

  it('fails a drill whose RPO the runbook could not measure (-1), and shows none', () => {
    const aws = fakeAutomation([
      { status: 'Success', rto: 60, rpo: -1 },
      { status: 'Success', rto: 60, rpo: 0 },
    ]);
    const legs = drillLegs(staging);
    const results = runDrill(legs, aws.runner, targets);
    expect(results[0].rpoSeconds).toBeUndefined();
    const report = drillReport(staging, legs, results, { key: 'k', seconds: 1 });
    expect(report.passed).toBe(false);
    expect(report.markdown).toContain('| writer us-east-1 -> us-west-2 | Success | 60 s |  |');
  });

  it('stops after a failed move and does not try to move back', () => {
    const aws = fakeAutomation([{ status: 'Failed' }, { status: 'Success', rto: 1, rpo: 0 }]);
    const legs = drillLegs(staging);
    const results = runDrill(legs, aws.runner, targets);
    expect(aws.started).toHaveLength(1);
    const report = drillReport(staging, legs, results, { key: 'k', seconds: 1 });
    expect(report.passed).toBe(false);
    expect(report.markdown).toContain('Failed: writer did not move');
    expect(report.markdown).toContain('| writer us-west-2 -> us-east-1 | not run |');
  });

  it('gives up waiting after the timeout', () => {
    const aws = fakeAutomation([{ status: 'Success', rto: 1, rpo: 0, polls: 100 }]);
    const results = runDrill(drillLegs(staging), aws.runner, targets, {
      pollMs: 1000,
      timeoutMs: 5000,
    });
    expect(results[0].status).toBe('still InProgress after 5 s');
  });
});
