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
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import { affectedLayers, layersUsingFromGraph, readProjectGraph } from './affected-layers';
import { driftReport, StackDriftResult } from './drift-report';
import { planComment, PlanJson, summarizePlan } from './plan-summary';
import { stackJobs, waveOf } from './stack-matrix';

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

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'matrix') matrix(args);
  else if (command === 'comment') comment(args);
  else if (command === 'drift') drift(args);
  else throw new Error(`unknown command "${command ?? ''}": use matrix, comment or drift`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
