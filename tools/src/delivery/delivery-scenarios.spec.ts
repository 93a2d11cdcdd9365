import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { loadToolchain } from '../validate/toolchain';
import { applyEnvironment, engineOnPath, EngineRun } from './apply-environment';
import { appliedFingerprints, DeploymentRepository, recordApply } from './deployments';
import { changedStacks, DELIVERY_FILES, workspaceFingerprints } from './fingerprint';
import { environmentRuns } from './promotion';
import { stackJobs, StackJob } from './stack-matrix';

// The five delivery scenarios of the README, played against the workflow definitions
// (.github/workflows, read here), the selection code, GitHub's deployments API on loopback
// and the real engine.

const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments'));
const toolchain = loadToolchain();
const terraform = toolchain.engine.path;
const scratch = mkdtempSync(join(tmpdir(), 'strata-delivery-'));

/** A workspace as a commit would be: environments, delivery files and synthesized network stacks. */
function workspace(name: string): string {
  const dir = join(scratch, name);
  cpSync(join(root, 'environments'), join(dir, 'environments'), { recursive: true });
  for (const file of DELIVERY_FILES) cpSync(join(root, file), join(dir, file));
  return dir;
}
const base = workspace('base');
const synth = synthCompiledApp(root, 'network', join(base, 'dist', 'cdktf.out', 'network'));
if (synth.status !== 0) throw new Error(`synth of network failed: ${synth.stderr}`);
const jobs = stackJobs(base, join(base, 'dist', 'cdktf.out'), environments, ['network']);
const order = jobs.map((job) => job.stack);

/** A copy of `from` changed by `edit`, as the next commit. */
function commit(from: string, name: string, edit: (dir: string) => void = () => undefined) {
  const dir = join(scratch, name);
  cpSync(from, dir, { recursive: true });
  edit(dir);
  return dir;
}

function editJson(file: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(file, JSON.stringify(json));
}

/** A change to one stack's synthesized output (as a change to its code or config makes). */
const changeStack = (stack: string, marker: string) => (dir: string) =>
  editJson(join(dir, 'dist/cdktf.out/network/stacks', stack, 'cdk.tf.json'), (json) => {
    json['//'] = { ...(json['//'] as object), marker };
  });

const fingerprintsOf = (dir: string) => workspaceFingerprints(dir, jobs);

// ---- GitHub: the deployments API on loopback, and the concurrency rules of the workflows ----

interface StoredDeployment {
  id: number;
  task: string;
  environment: string;
  payload: object;
  statuses: Array<{ state: string }>;
}

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text || '{}') as Record<string, unknown>;
}

/** Enough of GitHub's REST deployments API for the delivery tool: create, status, list. */
async function startGitHub(): Promise<{ repo: DeploymentRepository; server: Server }> {
  const deployments: StoredDeployment[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.headers.authorization !== 'Bearer token') return send(401, {});
      const path = url.pathname.replace('/repos/example-org/strata', '');
      const statusPath = /^\/deployments\/(\d+)\/statuses$/.exec(path);
      if (request.method === 'POST' && path === '/deployments') {
        const input = await body(request);
        const created = {
          id: deployments.length + 1,
          task: String(input.task),
          environment: String(input.environment),
          payload: input.payload as object,
          statuses: [],
        };
        deployments.push(created);
        return send(201, created);
      }
      if (statusPath) {
        const deployment = deployments.find((d) => d.id === Number(statusPath[1]));
        if (!deployment) return send(404, {});
        if (request.method === 'POST') {
          deployment.statuses.unshift({ state: String((await body(request)).state) });
          return send(201, deployment.statuses[0]);
        }
        return send(200, deployment.statuses.slice(0, Number(url.searchParams.get('per_page'))));
      }
      if (request.method === 'GET' && path === '/deployments') {
        const task = url.searchParams.get('task');
        const environment = url.searchParams.get('environment');
        const matching = deployments
          .filter((d) => d.task === task && d.environment === environment)
          .reverse(); // newest first, as GitHub lists them
        return send(200, matching.slice(0, Number(url.searchParams.get('per_page'))));
      }
      send(404, {});
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    repo: { apiUrl: `http://127.0.0.1:${port}`, repository: 'example-org/strata', token: 'token' },
  };
}

interface WorkflowFile {
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<
    string,
    {
      concurrency?: unknown;
      strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number };
      environment?: string;
      uses?: string;
    }
  >;
}
const workflow = (name: string) =>
  parse(readFileSync(join(root, '.github/workflows', name), 'utf8')) as WorkflowFile;

/** The workflow-level group a run joins, with the run's context substituted. */
function groupOf(name: string, context: Record<string, string>): string {
  const file = workflow(name);
  for (const job of Object.values(file.jobs))
    expect([name, job.concurrency]).toEqual([name, undefined]); // no per-job groups to drop runs
  const group = file.concurrency?.group ?? `${name}-${Math.random()}`;
  return group.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => context[key] ?? '');
}

/**
 * GitHub's concurrency rules: in a group, one run in progress and at most one pending; a new
 * run replaces (cancels) the pending one, or with cancel-in-progress cancels the running one.
 */
class Concurrency {
  readonly running = new Map<string, string>();
  readonly pending = new Map<string, string>();
  readonly cancelled: string[] = [];
  queue(run: string, workflowName: string, context: Record<string, string> = {}): void {
    const group = groupOf(workflowName, context);
    const cancelInProgress = workflow(workflowName).concurrency?.['cancel-in-progress'] ?? false;
    const running = this.running.get(group);
    if (!running) return void this.running.set(group, run);
    if (cancelInProgress) {
      this.cancelled.push(running);
      return void this.running.set(group, run);
    }
    const pending = this.pending.get(group);
    if (pending) this.cancelled.push(pending);
    this.pending.set(group, run);
  }
  finish(run: string): string | undefined {
    for (const [group, current] of this.running) {
      if (current !== run) continue;
      const next = this.pending.get(group);
      this.pending.delete(group);
      if (next) this.running.set(group, next);
      else this.running.delete(group);
      return next;
    }
    return undefined;
  }
}

// ---- the apply run, as apply.yml and environment-apply.yml run it ----

/** Stand-in stacks for the real engine: one `terraform_data` per stack, a local backend. */
function engineStacks(name: string, failing: ReadonlySet<string> = new Set()): string {
  const dir = join(scratch, name);
  for (const job of jobs) {
    const stackDir = join(dir, job.stack);
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(
      join(stackDir, 'main.tf.json'),
      JSON.stringify({
        variable: { healthy: { type: 'bool', default: !failing.has(job.stack) } },
        resource: {
          terraform_data: {
            stack: {
              input: job.stack,
              lifecycle: [
                {
                  precondition: [
                    {
                      condition: '${var.healthy}',
                      error_message: `${job.stack} is broken in this commit`,
                    },
                  ],
                },
              ],
            },
          },
        },
      }),
    );
  }
  return dir;
}

const engine: EngineRun = engineOnPath(terraform, 'ignore');

interface ApplyRun {
  readonly selected: readonly string[];
  readonly environments: readonly string[];
  readonly applied: readonly string[];
  readonly failed?: string;
}

async function applyRun(
  repo: DeploymentRepository,
  head: string,
  stacksDir: string,
  sha: string,
): Promise<ApplyRun> {
  const current = fingerprintsOf(head);
  const selected = changedStacks(order, current, await appliedFingerprints(repo, jobs));
  const runs = environmentRuns(
    jobs.filter((job) => selected.includes(job.stack)),
    environments,
  );
  // apply.yml: one environment at a time, and a failure cancels the rest.
  expect(workflow('apply.yml').jobs.environment.strategy).toMatchObject({
    'fail-fast': true,
    'max-parallel': 1,
  });
  const applied: string[] = [];
  for (const run of runs) {
    const result = await applyEnvironment(
      run.stacks.map((job: StackJob) => ({ ...job, directory: join(stacksDir, job.stack) })),
      current,
      sha,
      () => engine,
      (record) => recordApply(repo, record),
    );
    applied.push(...result.applied);
    if (result.failed)
      return {
        selected,
        environments: runs.map((r) => r.environment),
        applied,
        failed: result.failed.stack,
      };
  }
  return { selected, environments: runs.map((r) => r.environment), applied };
}

describe('delivery scenarios', () => {
  let github: { repo: DeploymentRepository; server: Server };
  beforeAll(async () => {
    github = await startGitHub();
  });
  afterAll(() => github.server.close());

  describe('a pull request', () => {
    it('plans nothing when the synthesized output is unchanged (a comment, a refactor)', () => {
      const resynthesized = workspace('resynthesized');
      synthCompiledApp(root, 'network', join(resynthesized, 'dist', 'cdktf.out', 'network'));
      expect(changedStacks(order, fingerprintsOf(resynthesized), fingerprintsOf(base))).toEqual([]);
    });

    it('plans only the stack whose output changed: one environment, one region', () => {
      const head = commit(base, 'pr-one-region', changeStack('network-staging-us-west-2', 'a'));
      expect(changedStacks(order, fingerprintsOf(head), fingerprintsOf(base))).toEqual([
        'network-staging-us-west-2',
      ]);
    });

    it('plans every stack when the engine or the delivery workflow changes', () => {
      const head = commit(base, 'pr-engine', (dir) => {
        const action = join(dir, '.github/actions/terraform/action.yml');
        writeFileSync(
          action,
          readFileSync(action, 'utf8').replace(
            /terraform_version: \S+/,
            'terraform_version: 9.9.9',
          ),
        );
      });
      expect(changedStacks(order, fingerprintsOf(head), fingerprintsOf(base))).toEqual(order);
    });

    it('never cancels or queues behind an apply or a drift check', () => {
      const runs = new Concurrency();
      runs.queue('apply@main', 'apply.yml');
      runs.queue('drift', 'drift.yml');
      runs.queue('plan#12', 'plan.yml', { 'github.event.pull_request.number': '12' });
      runs.queue('plan#13', 'plan.yml', { 'github.event.pull_request.number': '13' });
      expect([...runs.running.values()].sort()).toEqual([
        'apply@main',
        'drift',
        'plan#12',
        'plan#13',
      ]);
      // A new push to the same pull request supersedes only that pull request's plan.
      runs.queue('plan#12b', 'plan.yml', { 'github.event.pull_request.number': '12' });
      expect(runs.cancelled).toEqual(['plan#12']);
    });
  });

  describe('a merge, a failed apply then a fix, three quick pushes', () => {
    const stacksDir = engineStacks('engine-ok');
    /** main as last applied: each scenario pushes on top of the one before. */
    let main = base;

    it('a merge applies every changed stack, dev first, each environment after the soak of the one before', async () => {
      const runs = environmentRuns(jobs, environments);
      expect(
        runs.map((run) => [run.environment, run.soakAfter?.environment, run.soakAfter?.minutes]),
      ).toEqual([
        ['dev', undefined, undefined],
        ['test', 'dev', 30],
        ['staging', 'test', 30],
        ['prod', 'staging', 60],
      ]);
      // One approval per environment: the only job with a GitHub environment applies every stack.
      const gated = Object.entries(workflow('environment-apply.yml').jobs).filter(
        ([, job]) => job.environment,
      );
      expect(gated.map(([name, job]) => [name, job.environment])).toEqual([
        ['apply', '${{ inputs.environment }}'],
      ]);

      const first = await applyRun(github.repo, base, stacksDir, 'c1');
      expect(first).toEqual({
        selected: order,
        environments: ['dev', 'test', 'staging', 'prod'],
        applied: order,
      });
      // Applied and recorded: the same commit again selects nothing.
      expect((await applyRun(github.repo, base, stacksDir, 'c1')).selected).toEqual([]);
    });

    it('a failed apply stops every later environment; the next run retries the failed stack', async () => {
      const changed = [
        'network-staging-us-east-1',
        'network-staging-us-west-2',
        'network-prod-us-east-1',
      ];
      const broken = commit(base, 'broken', (dir) => {
        for (const stack of changed) changeStack(stack, 'b')(dir);
      });
      const failing = await applyRun(
        github.repo,
        broken,
        engineStacks('engine-broken', new Set([changed[0]])),
        'c2',
      );
      expect(failing).toEqual({
        selected: changed,
        environments: ['staging', 'prod'],
        applied: [],
        failed: changed[0],
      });
      // The fix: a later commit that changes nothing else. Its run selects what never applied.
      main = broken;
      const fixed = await applyRun(github.repo, main, stacksDir, 'c3');
      expect(fixed).toEqual({
        selected: changed,
        environments: ['staging', 'prod'],
        applied: changed,
      });
    });

    it('three quick pushes: the middle run is replaced, never its change', async () => {
      const runs = new Concurrency();
      const push1 = commit(main, 'push1', changeStack('network-dev-us-east-1', 'p1'));
      const push2 = commit(push1, 'push2', changeStack('network-prod-us-west-2', 'p2'));
      const push3 = commit(push2, 'push3', changeStack('network-staging-us-west-2', 'p3'));
      runs.queue('push1', 'apply.yml');
      runs.queue('push2', 'apply.yml');
      runs.queue('push3', 'apply.yml');
      expect(runs.cancelled).toEqual(['push2']); // pending, replaced: it never started
      const one = await applyRun(github.repo, push1, stacksDir, 'p1');
      expect(one.applied).toEqual(['network-dev-us-east-1']);
      expect(runs.finish('push1')).toBe('push3');
      const three = await applyRun(github.repo, push3, stacksDir, 'p3');
      // push2's stack is in push3's run: the base is the last successful apply, not the last push.
      expect(three.applied).toEqual(['network-staging-us-west-2', 'network-prod-us-west-2']);
      expect(
        changedStacks(order, fingerprintsOf(push3), await appliedFingerprints(github.repo, jobs)),
      ).toEqual([]);
    });
  });

  describe('a drift run during an apply', () => {
    it('joins its own group, so neither cancels the other', () => {
      const runs = new Concurrency();
      runs.queue('apply', 'apply.yml');
      runs.queue('drift', 'drift.yml');
      runs.queue('apply-2', 'apply.yml');
      expect(runs.cancelled).toEqual([]);
      expect(runs.running.size).toBe(2);
    });

    it('waits for the apply holding the state lock, then finds no drift (the real engine)', async () => {
      const dir = join(scratch, 'lock', 'stack');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'main.tf.json'),
        JSON.stringify({
          resource: {
            terraform_data: {
              slow: {
                input: 'applied',
                provisioner: [{ 'local-exec': [{ command: 'sleep 4' }] }],
              },
            },
          },
        }),
      );
      expect(engine(dir, ['init', '-input=false']).status).toBe(0);
      const apply = spawn(terraform, ['apply', '-auto-approve', '-input=false'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const applied = new Promise<number | null>((resolve) => apply.on('exit', resolve));
      // Once the apply holds the lock (its lock info file exists), the drift plan starts.
      const lockInfo = join(dir, '.terraform.tfstate.lock.info');
      for (let i = 0; i < 100 && !existsSync(lockInfo); i++) await sleep(100);
      expect(existsSync(lockInfo)).toBe(true);
      const impatient = spawnSync(terraform, ['plan', '-input=false', '-lock-timeout=0s'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(impatient.status).toBe(1);
      expect(impatient.stderr).toContain('Error acquiring the state lock');
      // The drift workflow's plan: it waits, then sees the applied state (exit 0, no drift).
      const drift = await new Promise<number | null>((resolve) =>
        spawn(terraform, ['plan', '-input=false', '-lock-timeout=15m', '-detailed-exitcode'], {
          cwd: dir,
          stdio: 'ignore',
        }).on('exit', resolve),
      );
      expect(await applied).toBe(0);
      expect(drift).toBe(0);
      expect(readFileSync(join(dirname(lockInfo), 'terraform.tfstate'), 'utf8')).toContain(
        '"applied"',
      );
    });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
