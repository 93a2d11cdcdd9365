import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
