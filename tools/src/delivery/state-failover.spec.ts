import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { findWorkspaceRoot, LAYERS, loadEnvironments, stateLocation } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { stackJobs } from './stack-matrix';
import { relocationOverride } from './state-failover';

/**
 * The state failover as the workflows would meet it: the repository's environments with
 * prod's `state.activeRegion` set to `secondary`, every layer synthesized both ways.
 */
const root = findWorkspaceRoot(__dirname);
const scratch = mkdtempSync(join(tmpdir(), 'strata-failover-'));
const failedOverEnvironments = join(scratch, 'environments');
cpSync(join(root, 'environments'), failedOverEnvironments, { recursive: true });
const prodFile = join(failedOverEnvironments, 'prod.yaml');
const prodDocument = parseDocument(readFileSync(prodFile, 'utf8'));
prodDocument.setIn(['state', 'activeRegion'], 'secondary');
writeFileSync(prodFile, prodDocument.toString());

const synthRoots = { primary: join(scratch, 'primary'), failedOver: join(scratch, 'failed-over') };
for (const app of LAYERS) {
  for (const [side, outdir] of Object.entries(synthRoots)) {
    const run = synthCompiledApp(
      root,
      app,
      join(outdir, app),
      side === 'failedOver' ? { STRATA_ENVIRONMENTS_DIR: failedOverEnvironments } : {},
    );
    if (run.status !== 0) throw new Error(`synth of ${app} (${side}) failed: ${run.stderr}`);
  }
}

type StackJson = {
  terraform?: { backend?: { s3?: Record<string, unknown> } };
  data?: { terraform_remote_state?: Record<string, { config: Record<string, unknown> }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
};

function prodStacks(synthRoot: string): Map<string, StackJson> {
  const stacks = new Map<string, StackJson>();
  for (const app of LAYERS) {
    for (const { stack, stackDir } of synthesizedStacks(root, app, join(synthRoot, app))) {
      if (!stack.includes('-prod')) continue;
      stacks.set(stack, JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')));
    }
  }
  return stacks;
}

const primary = prodStacks(synthRoots.primary);
const failedOver = prodStacks(synthRoots.failedOver);
const replicaBucket = Object.values(primary.get('state-prod')?.resource?.aws_s3_bucket ?? {})
  .map((bucket) => String(bucket.bucket))
  .find((name) => name.includes('replica'));

/** Where a stack keeps and reads state: its backend and every remote-state read. */
function stateConfigs(json: StackJson): Array<Record<string, unknown>> {
  return [
    ...(json.terraform?.backend?.s3 ? [json.terraform.backend.s3] : []),
    ...Object.values(json.data?.terraform_remote_state ?? {}).map((read) => read.config),
  ];
}

/** The stack with where-state-lives taken out. */
function withoutStateConfigs(json: StackJson): unknown {
  const copy = structuredClone(json);
  delete copy.terraform?.backend;
  for (const read of Object.values(copy.data?.terraform_remote_state ?? {})) read.config = {};
  return copy;
}

describe('state failover (prod with state.activeRegion: secondary)', () => {
  it('points every backend and every remote-state read at the replica the state stack creates', () => {
    expect(replicaBucket).toBeDefined();
    const configs = [...failedOver.values()].flatMap(stateConfigs);
    expect(configs.length).toBeGreaterThan(failedOver.size);
    for (const config of configs) {
      expect(config).toMatchObject({ bucket: replicaBucket, region: 'us-west-2' });
      expect(config).not.toHaveProperty('dynamodb_table');
    }
  });

  it('reads and writes the same keys as before: only bucket, region and lock change', () => {
    for (const [stack, json] of primary) {
      const keys = stateConfigs(json).map((config) => config.key);
      expect(stateConfigs(failedOver.get(stack) ?? {}).map((config) => config.key)).toEqual(keys);
    }
  });

  it('changes nothing else in any stack', () => {
    expect([...failedOver.keys()]).toEqual([...primary.keys()]);
    for (const [stack, json] of primary) {
      expect([stack, withoutStateConfigs(failedOver.get(stack) ?? {})]).toEqual([
        stack,
        withoutStateConfigs(json),
      ]);
    }
  });

  it('is what the fail-back and the emulator check write as overrides, both ways', () => {
    const prod = loadEnvironments(failedOverEnvironments).find((env) => env.name === 'prod');
    if (!prod) throw new Error('no prod environment');
    for (const [stack, json] of primary) {
      const moved = failedOver.get(stack) ?? {};
      const away = relocationOverride(json, stateLocation(prod, 'secondary')) as StackJson;
      expect([stack, stateConfigs(away)]).toEqual([stack, stateConfigs(moved)]);
      const home = relocationOverride(moved, stateLocation(prod, 'primary')) as StackJson;
      expect([stack, stateConfigs(home)]).toEqual([stack, stateConfigs(json)]);
    }
  });

  describe('delivery while failed over', () => {
    const all = stackJobs(
      root,
      synthRoots.failedOver,
      loadEnvironments(failedOverEnvironments),
      LAYERS,
    );
    const jobs = all.filter((job) => job.environment === 'prod');

    it("plans and applies only the secondary region's stacks, with credentials taken there", () => {
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.map((job) => job.stack).filter((stack) => !stack.endsWith('-us-west-2'))).toEqual(
        [],
      );
      expect(new Set(jobs.map((job) => job.stateRegion))).toEqual(new Set(['us-west-2']));
    });

    it("reaches the secondary cluster through that region's own runner", () => {
      const addons = jobs.find((job) => job.stack === 'addons-prod-us-west-2');
      const runners = Object.values(
        failedOver.get('network-prod-us-west-2')?.resource?.aws_codebuild_project ?? {},
      ).map((project) => project.name);
      expect(runners).toEqual([addons?.runnerProject]);
    });

    it('leaves the other environments where they were', () => {
      const others = all.filter((job) => job.environment !== 'prod');
      expect(others.some((job) => job.stack.endsWith('-us-east-1'))).toBe(true);
      expect(new Set(others.map((job) => job.stateRegion))).toEqual(new Set(['us-east-1']));
    });
  });
});
