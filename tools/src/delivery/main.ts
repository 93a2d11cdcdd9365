/**
 * The logic of the GitHub workflows (.github/workflows), kept out of YAML:
 *
 *   main.js fingerprints --out <file>
 *       The fingerprint of every delivered stack (synthesized output + delivery files).
 *   main.js select --base <fingerprints file>
 *       Pull requests: the stacks whose fingerprint differs from the base commit's, as the
 *       outputs `stacks` (plan order) and `any`.
 *   main.js select --applied
 *       Main: the stacks whose fingerprint differs from their last successful apply (GitHub
 *       deployments), grouped per environment in promotion order: output `environments`.
 *   main.js select --all
 *       Drift: every stack of every cloud environment, state included, as `stacks`.
 *   main.js apply --environment <name> --stacks <json>
 *       Applies the stacks in order, records each success as a deployment; the first failure
 *       stops it (output `failed`).
 *   main.js bootstrap --environment <name> [--auto-approve]
 *       The first apply of the environment's state stack with a local state file, then that
 *       state moved into the bucket it created (tools/src/delivery/bootstrap.ts).
 *   main.js state-failback --environment <name>
 *       While the environment's state is failed over: copies the secondary region's stacks'
 *       state from the replica back into the primary bucket, before the switch back.
 *   main.js soak --environment <name> --minutes <n>
 *       Waits while none of the environment's alarms fires; fails on the first that does.
 *   main.js alert --environment <name> --kind <apply-failed|drift|soak-failed> --run-url <url> [--stacks a,b]
 *       One message to the environment's alarm topic (SNS, through the AWS CLI).
 *   main.js comment --plans <dir> --commit <sha> --run-url <url>
 *       The pull-request comment for every <dir>/<stack>/plan.json.
 *   main.js drift --results <dir> --run-url <url>
 *       The drift issue body for every <dir>/<stack>/result.json (+ plan.json); prints
 *       nothing when no stack drifted or failed. `--stacks-out <file>` lists those stacks.
 *   main.js drill --environment <name> [--plan]
 *       The regional failover drill: moves the Aurora global writer to the secondary region
 *       and back through the runbooks (AWS CLI), writes the report to $GITHUB_STEP_SUMMARY
 *       and fails when a move fails or misses RTO/RPO. `--plan` only writes the outputs the
 *       workflow needs first (`role-arn`, `region`).
 *   main.js vault-snapshot-access
 *       Once after `vault operator init`: lets the raft snapshot job in (tools/src/vault), with
 *       the Vault CLI's VAULT_ADDR, VAULT_TOKEN and VAULT_CACERT.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DRILL_LAYER,
  findWorkspaceRoot,
  LAYERS,
  loadEnvironments,
  stateBucketName,
  stateLocation,
} from '@strata/config';
import { alertMessage, alertTopicArn, DeliveryAlertKind } from './alert';
import { resolveAuthoritative } from './authoritative-dns';
import { applyEnvironment, engineOnPath, engineWithApplyRole } from './apply-environment';
import { bootstrapState } from './bootstrap';
import { appliedFingerprints, DeploymentRepository, recordApply } from './deployments';
import { driftReport, StackDriftResult } from './drift-report';
import {
  AutomationRunner,
  drillLegs,
  drillReport,
  drillTargets,
  measureObjectReplication,
  runDrill,
} from './drill';
import { changedStacks, Fingerprints, workspaceFingerprints } from './fingerprint';
import { planComment, PlanJson, StackPlanSummary, summarizePlan } from './plan-summary';
import { stackEnvironment } from '../synthesized-stacks';
import { environmentRuns } from './promotion';
import { soak } from './soak';
import { moveState, StateConfigs } from './state-failover';
import { githubRoleArn, StackJob, stackJobs } from './stack-matrix';
import { grantSnapshotAccess } from '../vault/snapshot-access';

const root = findWorkspaceRoot(__dirname);

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

function required(args: string[], name: string): string {
  const value = option(args, name);
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

/** Step outputs: to $GITHUB_OUTPUT in a workflow, else printed (to stderr when stdout is a report). */
function writeOutputs(outputs: Record<string, string>, stdoutTaken = false): void {
  const lines = Object.entries(outputs).map(([key, value]) => `${key}=${value}`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  else if (stdoutTaken) console.error(lines.join('\n'));
  else console.log(lines.join('\n'));
}

function environmentNamed(name: string) {
  const env = loadEnvironments().find((candidate) => candidate.name === name);
  if (!env) throw new Error(`environments/${name}.yaml does not exist`);
  return env;
}

/** The delivered stacks of the workspace at `at` (another checkout, e.g. the base commit's). */
function deliveredStacks(at = root): StackJob[] {
  return stackJobs(at, join(at, 'dist', 'cdktf.out'), loadEnvironments(join(at, 'environments')));
}

/** `--root <dir>`: fingerprints of another checkout, computed by this commit's code. */
function fingerprints(args: string[]): void {
  const at = option(args, 'root') ?? root;
  writeFileSync(
    required(args, 'out'),
    `${JSON.stringify(workspaceFingerprints(at, deliveredStacks(at)), null, 2)}\n`,
  );
}

/** GitHub's API, from the variables every Actions job has. */
function githubRepository(): DeploymentRepository {
  const token = process.env.GH_TOKEN ?? process.env.GITHUB_TOKEN;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!token || !repository) throw new Error('GH_TOKEN and GITHUB_REPOSITORY are required');
  return { apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com', repository, token };
}

async function select(args: string[]): Promise<void> {
  if (args.includes('--all')) {
    // Drift covers the state stacks too: their state is in their bucket after the bootstrap.
    // `--environment` and `--layer` narrow it.
    const all = stackJobs(root, join(root, 'dist', 'cdktf.out'), loadEnvironments(), LAYERS).filter(
      (job) =>
        [undefined, job.environment].includes(option(args, 'environment')) &&
        [undefined, job.layer as string].includes(option(args, 'layer')),
    );
    writeOutputs({ any: String(all.length > 0), stacks: JSON.stringify(all) });
    return;
  }
  // `--layer state`: the bootstrap workflow's own selection (the apply workflow never has it).
  const jobs =
    option(args, 'layer') === 'state'
      ? stackJobs(root, join(root, 'dist', 'cdktf.out'), loadEnvironments(), ['state'])
      : deliveredStacks();
  const order = jobs.map((job) => job.stack);
  const current = workspaceFingerprints(root, jobs);
  const previous: Fingerprints = args.includes('--applied')
    ? await appliedFingerprints(githubRepository(), jobs)
    : (JSON.parse(readFileSync(required(args, 'base'), 'utf8')) as Fingerprints);
  const changed = new Set(changedStacks(order, current, previous));
  const selected = jobs.filter((job) => changed.has(job.stack));
  console.error(`selected ${selected.length} of ${jobs.length} stacks: ${[...changed].join(' ')}`);
  if (args.includes('--applied')) {
    const runs = environmentRuns(selected, loadEnvironments());
    writeOutputs({ any: String(runs.length > 0), environments: JSON.stringify(runs) });
  } else {
    writeOutputs({ any: String(selected.length > 0), stacks: JSON.stringify(selected) });
  }
}

async function apply(args: string[]): Promise<void> {
  const environment = required(args, 'environment');
  const stacks = (JSON.parse(required(args, 'stacks')) as StackJob[]).filter(
    (job) => job.environment === environment,
  );
  const commit = process.env.GITHUB_SHA ?? required(args, 'commit');
  const repo = githubRepository();
  const result = await applyEnvironment(
    stacks.map((job) => ({ ...job, directory: join(root, job.directory) })),
    workspaceFingerprints(root, stacks),
    commit,
    engineWithApplyRole(),
    (applied) => recordApply(repo, applied),
  );
  const lines = [
    `### ${environment}: ${result.applied.length} of ${stacks.length} stacks applied`,
    ...result.applied.map((stack) => `- ${stack}: applied`),
    ...(result.failed ? [`- ${result.failed.stack}: **${result.failed.step} failed**`] : []),
  ];
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  if (result.failed) {
    writeOutputs({ failed: result.failed.stack });
    process.exitCode = 1;
  }
}

/** The first apply of an environment's state stack, then its state moved into its bucket. */
async function bootstrap(args: string[]): Promise<void> {
  const env = environmentNamed(required(args, 'environment'));
  const job = stackJobs(root, join(root, 'dist', 'cdktf.out'), [env], ['state'])[0];
  if (!job) throw new Error(`no synthesized state stack for ${env.name}: run "npm run synth"`);
  const dir = join(root, job.directory);
  // Kept after the move as a backup of the first apply; git-ignored, outside dist/.
  const local = join(root, '.strata', 'bootstrap', `${env.name}.tfstate`);
  mkdirSync(dirname(local), { recursive: true });
  const engine = engineOnPath(process.env.STRATA_TF_ENGINE ?? 'terraform');
  const result = await bootstrapState(
    dir,
    local,
    (engineArgs) => Promise.resolve(engine(dir, engineArgs).status),
    args.includes('--auto-approve') ? ['-auto-approve'] : [],
  );
  if (result.failed) throw new Error(`${job.stack}: bootstrap ${result.failed} failed`);
  console.log(`${job.stack}: applied; its state is now in ${stateBucketName(env)}`);
}

/**
 * Before switching `state.activeRegion` back to primary: copies the state of every stack
 * delivered while failed over (the secondary region's) from the replica into the primary
 * bucket, whose copies of them are stale. The primary region's stacks were not applied
 * meanwhile; their primary copies are the newest and stay.
 */
async function stateFailback(args: string[]): Promise<void> {
  const env = environmentNamed(required(args, 'environment'));
  if (env.state.activeRegion !== 'secondary') {
    throw new Error(`${env.sourceFile}: state.activeRegion is not secondary: nothing to fail back`);
  }
  const engine = engineOnPath(process.env.STRATA_TF_ENGINE ?? 'terraform');
  const home = stateLocation(env, 'primary');
  for (const job of deliveredStacks().filter((candidate) => candidate.environment === env.name)) {
    const dir = join(root, job.directory);
    const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as StateConfigs;
    const result = await moveState(dir, stack, home, (engineArgs) =>
      Promise.resolve(engine(dir, engineArgs).status),
    );
    if (result.failed) throw new Error(`${job.stack}: state move ${result.failed} failed`);
    console.log(`${job.stack}: state copied to ${home.bucket} (${home.region})`);
  }
}

function soakCommand(args: string[]): void {
  const env = environmentNamed(required(args, 'environment'));
  const minutes = Number(required(args, 'minutes'));
  const prefix = `${env.project}-${env.name}-`;
  const result = soak(
    minutes,
    () =>
      env.regions.flatMap((region) => {
        const out = aws(region.name, [
          'cloudwatch',
          'describe-alarms',
          '--state-value',
          'ALARM',
          '--alarm-name-prefix',
          prefix,
        ]) as {
          MetricAlarms?: Array<{ AlarmName: string }>;
          CompositeAlarms?: Array<{ AlarmName: string }>;
        };
        return [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])].map(
          (alarm) => `${alarm.AlarmName} (${region.name})`,
        );
      }),
    { now: () => Date.now(), sleep: sleepSync },
  );
  console.log(
    result.passed
      ? `${env.name} soaked ${result.waitedMinutes} min with no alarm firing`
      : `${env.name}: alarms firing after ${result.waitedMinutes} min: ${result.firing.join(', ')}`,
  );
  if (!result.passed) process.exitCode = 1;
}

function alert(args: string[]): void {
  const env = environmentNamed(required(args, 'environment'));
  const kind = required(args, 'kind') as DeliveryAlertKind;
  if (!['apply-failed', 'drift', 'soak-failed', 'drill-failed'].includes(kind))
    throw new Error(
      `--kind must be apply-failed, drift, soak-failed or drill-failed, not "${kind}"`,
    );
  const stacks = (option(args, 'stacks') ?? '').split(',').filter(Boolean);
  const { subject, message } = alertMessage(env, kind, {
    stacks,
    runUrl: required(args, 'run-url'),
  });
  aws(env.primaryRegion.name, [
    'sns',
    'publish',
    '--topic-arn',
    alertTopicArn(env, kind),
    '--subject',
    subject,
    '--message',
    message,
  ]);
}

function stackDirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
}

/** A plan's summary (addresses and actions, no values) from `terraform show -json` on stdin. */
function summarize(args: string[]): void {
  const plan = JSON.parse(readFileSync(0, 'utf8')) as PlanJson;
  console.log(JSON.stringify(summarizePlan(required(args, 'stack'), plan)));
}

function readSummary(file: string): StackPlanSummary | undefined {
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as StackPlanSummary)
    : undefined;
}

function comment(args: string[]): void {
  const dir = required(args, 'plans');
  const summaries = stackDirs(dir)
    .map((stack) => readSummary(join(dir, stack, 'summary.json')))
    .filter((summary): summary is StackPlanSummary => summary !== undefined);
  console.log(
    planComment(summaries, { commit: required(args, 'commit'), runUrl: required(args, 'run-url') }),
  );
}

function drift(args: string[]): void {
  const dir = required(args, 'results');
  const results: StackDriftResult[] = stackDirs(dir)
    .filter((stack) => existsSync(join(dir, stack, 'result.json')))
    .map((stack) => {
      const { exitCode } = JSON.parse(readFileSync(join(dir, stack, 'result.json'), 'utf8')) as {
        exitCode: number;
      };
      return { stack, exitCode, summary: readSummary(join(dir, stack, 'summary.json')) };
    });
  const body = driftReport(results, required(args, 'run-url'));
  if (body) console.log(body);
  // Per environment, the stacks that drifted or failed: the workflow alerts each one's topic.
  const environments = loadEnvironments().map((env) => env.name);
  const byEnvironment = new Map<string, string[]>();
  for (const { stack } of results.filter((result) => result.exitCode !== 0)) {
    const env = stackEnvironment(stack, environments);
    if (env) byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), stack]);
  }
  const alerts = [...byEnvironment].map(([environment, stacks]) => ({
    environment,
    stacks: stacks.join(','),
    planRoleArn: githubRoleArn(environmentNamed(environment), 'plan'),
    region: environmentNamed(environment).primaryRegion.name,
  }));
  writeOutputs({ alerts: JSON.stringify(alerts) }, true);
}

/** Blocks the (single-threaded) delivery tool for `milliseconds`. */
function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** SSM Automation, DNS and S3 through the AWS CLI of the runner (credentials from the OIDC role). */
const awsCliRunner = (zone: string): AutomationRunner => ({
  start(region, documentName, parameters) {
    const out = aws(region, [
      'ssm',
      'start-automation-execution',
      '--document-name',
      documentName,
      '--parameters',
      JSON.stringify(Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, [v]]))),
    ]) as { AutomationExecutionId: string };
    return out.AutomationExecutionId;
  },
  status(region, executionId) {
    const out = aws(region, [
      'ssm',
      'get-automation-execution',
      '--automation-execution-id',
      executionId,
    ]) as {
      AutomationExecution: {
        AutomationExecutionStatus: string;
        Outputs?: Record<string, string[]>;
        FailureMessage?: string;
      };
    };
    const execution = out.AutomationExecution;
    return {
      status: execution.AutomationExecutionStatus,
      outputs: execution.Outputs ?? {},
      failureMessage: execution.FailureMessage,
    };
  },
  sleep: sleepSync,
  now: () => Date.now(),
  resolve: (host) => resolveAuthoritative(host, zone),
  putObject(region, bucket, key) {
    const body = join(mkdtempSync(join(tmpdir(), 'strata-drill-')), 'marker.json');
    writeFileSync(body, JSON.stringify({ drill: key }));
    aws(region, ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', body]);
  },
  objectExists(region, bucket, key) {
    const run = spawnSync(
      'aws',
      ['s3api', 'head-object', '--bucket', bucket, '--key', key, '--region', region],
      { encoding: 'utf8' },
    );
    return run.status === 0;
  },
});

function aws(region: string, args: string[]): unknown {
  const run = spawnSync('aws', [...args, '--region', region, '--output', 'json'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout);
}

function drill(args: string[]): void {
  const name = required(args, 'environment');
  const env = loadEnvironments().find((candidate) => candidate.name === name);
  if (!env) throw new Error(`environments/${name}.yaml does not exist`);
  const legs = drillLegs(env);
  if (args.includes('--plan')) {
    writeOutputs({
      'role-arn': githubRoleArn(env, 'apply', DRILL_LAYER),
      // The alert on a failed drill publishes with the plan role, as the apply workflow's does.
      'plan-role-arn': githubRoleArn(env, 'plan'),
      region: env.primaryRegion.name,
    });
    return;
  }
  const runner = awsCliRunner(env.dnsDomain);
  const targets = drillTargets(env);
  // Objects first: the marker is written while the primary is the writer's region.
  const objects = measureObjectReplication(runner, targets);
  const { passed, markdown } = drillReport(env, legs, runDrill(legs, runner, targets), objects);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  console.log(markdown);
  if (!passed) process.exitCode = 1;
}

async function vaultSnapshotAccess(): Promise<void> {
  const address = process.env.VAULT_ADDR;
  const token = process.env.VAULT_TOKEN;
  if (!address || !token)
    throw new Error('vault-snapshot-access needs VAULT_ADDR and VAULT_TOKEN (the root token)');
  const caFile = process.env.VAULT_CACERT;
  const caPem = caFile ? readFileSync(caFile, 'utf8') : undefined;
  for (const line of await grantSnapshotAccess({ address, token, caPem })) console.log(line);
}

const commands: Record<string, (args: string[]) => void | Promise<void>> = {
  fingerprints,
  select,
  apply,
  bootstrap,
  soak: soakCommand,
  alert,
  summarize,
  comment,
  drift,
  drill,
  'state-failback': stateFailback,
  'vault-snapshot-access': vaultSnapshotAccess,
};

const [command, ...args] = process.argv.slice(2);
const run = commands[command ?? ''];
Promise.resolve()
  .then(() => {
    if (!run)
      throw new Error(
        `unknown command "${command ?? ''}": use ${Object.keys(commands).join(', ')}`,
      );
    return run(args);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
