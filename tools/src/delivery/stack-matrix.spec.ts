import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { DELIVERED_LAYERS, promotionOrder, stackJobs, waveOf } from './stack-matrix';

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
  const jobs = stackJobs(root, synthRoot, environments, ['network']);

  it('leaves the state layer to the bootstrap workflow', () => {
    expect(DELIVERED_LAYERS).not.toContain('state');
    expect(DELIVERED_LAYERS).toHaveLength(5);
  });

  it('lists the stacks environment by environment, primary region first, peering last', () => {
    expect(jobs.map((job) => job.stack)).toEqual([
      'network-dev-us-east-1',
      'network-test-us-east-1',
      'network-staging-us-east-1',
      'network-staging-us-west-2',
      'network-prod-us-east-1',
      'network-prod-us-west-2',
      'network-prod-peering',
    ]);
  });

  it('delivers every layer of an environment before any stack of the next one', () => {
    const promoted = stackJobs(root, synthRoot, environments, ['network', 'cluster']);
    expect(promoted.map((job) => job.stack)).toEqual([
      'network-dev-us-east-1',
      'cluster-dev-us-east-1',
      'addons-dev-us-east-1',
      'network-test-us-east-1',
      'cluster-test-us-east-1',
      'addons-test-us-east-1',
      'network-staging-us-east-1',
      'network-staging-us-west-2',
      'cluster-staging-us-east-1',
      'addons-staging-us-east-1',
      'cluster-staging-us-west-2',
      'addons-staging-us-west-2',
      'network-prod-us-east-1',
      'network-prod-us-west-2',
      'network-prod-peering',
      'cluster-prod-us-east-1',
      'addons-prod-us-east-1',
      'cluster-prod-us-west-2',
      'addons-prod-us-west-2',
    ]);
  });

  it('follows the promotion order the environments declare, not their names', () => {
    const prodFirst = environments.map((env) =>
      env.name === 'prod' ? { ...env, delivery: { ...env.delivery, promotionOrder: 0 } } : env,
    );
    // Equal order: by name (dev before prod); prod first only when it is strictly earlier.
    expect(stackJobs(root, synthRoot, prodFirst, ['state']).map((job) => job.stack)).toEqual([
      'state-dev',
      'state-prod',
      'state-test',
      'state-staging',
    ]);
    expect(promotionOrder(prodFirst).map((env) => env.name)).toEqual([
      'dev',
      'prod',
      'test',
      'staging',
    ]);
    expect(promotionOrder(environments).map((env) => env.name)).toEqual([
      'dev',
      'test',
      'staging',
      'prod',
    ]);
  });

  it('never sends the emulator-only environment to a cloud workflow', () => {
    expect(jobs.some((job) => job.environment === 'local')).toBe(false);
  });

  it('gives each stack its directory, wave, GitHub environment and OIDC roles', () => {
    const prod = environments.find((env) => env.name === 'prod');
    expect(jobs[5]).toEqual({
      layer: 'network',
      environment: 'prod',
      stack: 'network-prod-us-west-2',
      directory: 'dist/cdktf.out/network/stacks/network-prod-us-west-2',
      wave: 1,
      githubEnvironment: 'prod',
      stateRegion: 'us-east-1',
      planRoleArn: `arn:aws:iam::${prod?.accountId}:role/strata-prod-github-plan`,
      applyRoleArn: `arn:aws:iam::${prod?.accountId}:role/strata-prod-github-apply-network`,
    });
  });

  describe('reaching private cluster endpoints', () => {
    const all = stackJobs(root, synthRoot, environments, ['network', 'cluster']);
    const resources = (stack: string, type: string): Array<Record<string, string>> => {
      const job = all.find((candidate) => candidate.stack === stack);
      if (!job) throw new Error(`no job for ${stack}`);
      const json = JSON.parse(
        readFileSync(join(synthRoot, job.layer, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
      ) as { resource: Record<string, Record<string, Record<string, string>>> };
      return Object.values(json.resource[type] ?? {});
    };

    it('sends only the stacks that talk to a cluster to the runner inside the VPC', () => {
      expect(all.filter((job) => job.runnerProject).map((job) => job.stack)).toEqual([
        'addons-dev-us-east-1',
        'addons-test-us-east-1',
        'addons-staging-us-east-1',
        'addons-staging-us-west-2',
        'addons-prod-us-east-1',
        'addons-prod-us-west-2',
      ]);
    });

    it("names a runner project the network layer creates in the stack region's private subnets", () => {
      const runnerJobs = all.filter((candidate) => candidate.runnerProject);
      for (const job of runnerJobs) {
        const region = job.stack.split(`-${job.environment}-`)[1];
        const [project] = resources(
          `network-${job.environment}-${region}`,
          'aws_codebuild_project',
        );
        expect(project.name).toBe(job.runnerProject);
        expect(JSON.stringify(project.vpc_config)).toContain('aws_subnet.vpc_private');
      }
    });

    it('gives the plan role view and the apply role admin on every cluster', () => {
      for (const job of all.filter((candidate) => candidate.stack.startsWith('cluster-'))) {
        const entries = resources(job.stack, 'aws_eks_access_entry').map((e) => e.principal_arn);
        expect(entries).toEqual(expect.arrayContaining([job.planRoleArn, job.applyRoleArn]));
        const policies = resources(job.stack, 'aws_eks_access_policy_association').map(
          (association) => association.policy_arn.split('/').pop(),
        );
        expect(policies).toEqual(
          expect.arrayContaining(['AmazonEKSViewPolicy', 'AmazonEKSClusterAdminPolicy']),
        );
      }
    });
  });

  it('names the command when a layer was not synthesized', () => {
    expect(() => stackJobs(root, synthRoot, environments, ['data'])).toThrow(
      /data\/manifest\.json is missing: run "npx nx run data:synth" first/,
    );
  });
});
