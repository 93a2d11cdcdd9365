import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { stackJobs, waveOf } from './stack-matrix';

const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments'));
const synthRoot = mkdtempSync(join(tmpdir(), 'strata-matrix-'));
for (const app of ['state', 'network', 'cluster']) {
  const run = synthCompiledApp(root, app, join(synthRoot, app));
  if (run.status !== 0) throw new Error(`synth of ${app} failed: ${run.stderr}`);
}

describe('waveOf', () => {
  it('orders state, network, data, cluster (its add-ons deliver the data secrets), edge, then observability', () => {
    expect(
      ['state', 'network', 'data', 'cluster', 'edge', 'observability'].map((layer) =>
        waveOf(layer as 'state'),
      ),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('stackJobs', () => {
  const jobs = stackJobs(
    root,
    synthRoot,
    new Map([
      ['network', new Set(['prod', 'dev', 'local'])],
      ['state', new Set(['prod'])],
    ]),
    environments,
  );

  it('lists the affected stacks in apply order, primary region first, peering last', () => {
    expect(jobs.map((job) => job.stack)).toEqual([
      'state-prod',
      'network-dev-us-east-1',
      'network-prod-us-east-1',
      'network-prod-us-west-2',
      'network-prod-peering',
    ]);
  });

  it('applies a cluster before the add-ons stack that reads it', () => {
    const cluster = stackJobs(
      root,
      synthRoot,
      new Map([['cluster', new Set(['dev'])]]),
      environments,
    );
    expect(cluster.map((job) => job.stack)).toEqual([
      'cluster-dev-us-east-1',
      'addons-dev-us-east-1',
    ]);
  });

  it('promotes through the environments: dev, then staging, then prod, within each layer', () => {
    const promoted = stackJobs(
      root,
      synthRoot,
      new Map([
        ['state', new Set(['prod', 'staging', 'dev'])],
        ['network', new Set(['prod', 'staging', 'dev'])],
      ]),
      environments,
    );
    expect(promoted.map((job) => job.stack)).toEqual([
      'state-dev',
      'state-staging',
      'state-prod',
      'network-dev-us-east-1',
      'network-staging-us-east-1',
      'network-staging-us-west-2',
      'network-prod-us-east-1',
      'network-prod-us-west-2',
      'network-prod-peering',
    ]);
  });

  it('follows the promotion order the environments declare, not their names', () => {
    const reordered = environments.map((env) =>
      env.name === 'prod' ? { ...env, delivery: { ...env.delivery, promotionOrder: 0 } } : env,
    );
    const jobs = stackJobs(
      root,
      synthRoot,
      new Map([['state', new Set(['prod', 'dev'])]]),
      reordered,
    );
    // Equal order: by name (dev before prod); prod first only when it is strictly earlier.
    expect(jobs.map((job) => job.stack)).toEqual(['state-dev', 'state-prod']);
    const prodFirst = reordered.map((env) =>
      env.name === 'dev' ? { ...env, delivery: { ...env.delivery, promotionOrder: 5 } } : env,
    );
    expect(
      stackJobs(root, synthRoot, new Map([['state', new Set(['prod', 'dev'])]]), prodFirst).map(
        (job) => job.stack,
      ),
    ).toEqual(['state-prod', 'state-dev']);
  });

  it('never sends the emulator-only environment to a cloud workflow', () => {
    expect(jobs.some((job) => job.environment === 'local')).toBe(false);
  });

  it('gives each stack its directory, wave, GitHub environment and OIDC roles', () => {
    const prod = environments.find((env) => env.name === 'prod');
    expect(jobs[3]).toEqual({
      layer: 'network',
      environment: 'prod',
      stack: 'network-prod-us-west-2',
      directory: 'dist/cdktf.out/network/stacks/network-prod-us-west-2',
      wave: 1,
      githubEnvironment: 'prod',
      stateRegion: 'us-east-1',
      planRoleArn: `arn:aws:iam::${prod?.accountId}:role/strata-prod-github-plan`,
      applyRoleArn: `arn:aws:iam::${prod?.accountId}:role/strata-prod-github-apply`,
    });
  });

  it('names the command when a layer was not synthesized', () => {
    expect(() =>
      stackJobs(root, synthRoot, new Map([['data', new Set(['dev'])]]), environments),
    ).toThrow(/data\/manifest\.json is missing: run "npx nx run data:synth" first/);
  });
});
