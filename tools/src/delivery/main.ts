/**
 * The logic of the GitHub workflows (.github/workflows), kept out of YAML:
 *
 *   main.js matrix --base <rev> [--head <rev>] [--all]
 *       Affected stacks as workflow outputs: `stacks` (all, plan order), `wave0`..`wave4`
 *       (apply waves) and `any`; written to $GITHUB_OUTPUT when set, else printed.
 *   main.js comment --plans <dir> --commit <sha> --run-url <url>
 *       The pull-request comment for every <dir>/<stack>/plan.json.
 *   main.js drift --results <dir> --run-url <url>
 *       The drift issue body for every <dir>/<stack>/result.json (+ plan.json); prints
 *       nothing when no stack drifted or failed.
 *   main.js drill --environment <name> [--plan]
 *       The regional failover drill: moves the Aurora global writer to the secondary region
 *       and back through the runbooks (AWS CLI), writes the report to $GITHUB_STEP_SUMMARY
 *       and fails when a move fails or misses RTO/RPO. `--plan` only writes the outputs the
 *       workflow needs first (`role-arn`, `region`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import { affectedLayers, layersUsingFromGraph, readProjectGraph } from './affected-layers';
import { driftReport, StackDriftResult } from './drift-report';
import { AutomationRunner, drillLegs, drillReport, runDrill } from './drill';
import { planComment, PlanJson, summarizePlan } from './plan-summary';
import { githubRoleArn, stackJobs, waveOf } from './stack-matrix';

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

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' });
}

function writeOutputs(outputs: Record<string, string>): void {
  const lines = Object.entries(outputs).map(([key, value]) => `${key}=${value}`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  else console.log(lines.join('\n'));
}

function matrix(args: string[]): void {
  const environments = loadEnvironments();
  const names = environments.map((env) => env.name);
  const changed = args.includes('--all')
    ? ['package.json']
    : git(['diff', '--name-only', `${required(args, 'base')}...${option(args, 'head') ?? 'HEAD'}`])
        .split('\n')
        .filter(Boolean);
  const affected = affectedLayers(changed, {
    environments: names,
    layersUsing: layersUsingFromGraph(readProjectGraph(root)),
  });
  const jobs = stackJobs(root, join(root, 'dist', 'cdktf.out'), affected, environments);
  const waves = [...new Set(LAYERS.map(waveOf))];
  writeOutputs({
    any: String(jobs.length > 0),
    stacks: JSON.stringify(jobs),
    ...Object.fromEntries(
      waves.map((wave) => [`wave${wave}`, JSON.stringify(jobs.filter((job) => job.wave === wave))]),
    ),
  });
}

function stackDirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
}

function comment(args: string[]): void {
  const dir = required(args, 'plans');
  const summaries = stackDirs(dir)
    .filter((stack) => existsSync(join(dir, stack, 'plan.json')))
    .map((stack) =>
      summarizePlan(
        stack,
        JSON.parse(readFileSync(join(dir, stack, 'plan.json'), 'utf8')) as PlanJson,
      ),
    );
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
      const planFile = join(dir, stack, 'plan.json');
      const plan = existsSync(planFile)
        ? (JSON.parse(readFileSync(planFile, 'utf8')) as PlanJson)
        : undefined;
      return { stack, exitCode, plan };
    });
  const body = driftReport(results, required(args, 'run-url'));
  if (body) console.log(body);
}

/** SSM Automation through the AWS CLI of the runner (credentials from the OIDC role). */
const awsCliRunner: AutomationRunner = {
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
  sleep(milliseconds) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
  },
};

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
    writeOutputs({ 'role-arn': githubRoleArn(env, 'apply'), region: env.primaryRegion.name });
    return;
  }
  const { passed, markdown } = drillReport(env, legs, runDrill(legs, awsCliRunner));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  console.log(markdown);
  if (!passed) process.exitCode = 1;
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'matrix') matrix(args);
  else if (command === 'comment') comment(args);
  else if (command === 'drift') drift(args);
  else if (command === 'drill') drill(args);
  else throw new Error(`unknown command "${command ?? ''}": use matrix, comment, drift or drill`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
