import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizedStacks } from './synthesized-stacks';

/** The layer apps of the workspace: every project under apps/ with a synth target. */
export function layerApps(root: string): string[] {
  return readdirSync(join(root, 'apps')).filter((app) => {
    const project = join(root, 'apps', app, 'project.json');
    return existsSync(project) && 'synth' in JSON.parse(readFileSync(project, 'utf8')).targets;
  });
}

/** Runs a compiled layer app (dist/apps/<app>/main.js) with its stacks written to `outdir`. */
export function synthCompiledApp(
  root: string,
  app: string,
  outdir: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'dist', 'apps', app, 'main.js')], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

/** One synthesized stack: its `cdk.tf.json`, parsed, and its directory. */
export interface SynthesizedStackJson<T> {
  readonly json: T;
  readonly dir: string;
}

/**
 * Synthesizes the compiled `app` for `environment` into `outdir` and returns each stack's
 * `cdk.tf.json` by stack name; fails with the synthesis's own error.
 */
export function synthesizeStackJsons<T>(
  root: string,
  app: string,
  outdir: string,
  environment: string,
): Map<string, SynthesizedStackJson<T>> {
  const synth = synthCompiledApp(root, app, outdir, { STRATA_ENV: environment });
  if (synth.status !== 0) throw new Error(synth.stderr);
  return new Map(
    synthesizedStacks(root, app, outdir).map(({ stack, stackDir }) => [
      stack,
      { dir: stackDir, json: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as T },
    ]),
  );
}
