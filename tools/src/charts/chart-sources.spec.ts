import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { CHART_MIRROR_ENV, MANIFEST_MIRROR_ENV } from '@strata/core';

const root = findWorkspaceRoot(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mirrors = require(join(root, 'tools', 'scripts', 'chart-mirrors.cjs')) as {
  CHART_MIRROR_ENV: string;
  MANIFEST_MIRROR_ENV: string;
  chartSourceSettings(env: NodeJS.ProcessEnv, root?: string): Record<string, string>;
};

/**
 * The hash Nx computes for a task, by Nx's own task hasher on this workspace's project graph:
 * a different hash is a cache miss, so the task runs again instead of replaying its result.
 * In a child process, as the Nx CLI runs it (its native hasher runs the runtime inputs).
 */
function nxTaskHash(task: string, env: NodeJS.ProcessEnv): string {
  const [project, target] = task.split(':');
  const script = `
    const { createProjectGraphAsync } = require('nx/src/project-graph/project-graph');
    const { readNxJson } = require('nx/src/config/nx-json');
    const { createTaskGraph } = require('nx/src/tasks-runner/create-task-graph');
    const { createTaskHasher } = require('nx/src/hasher/create-task-hasher');
    const { hashTask } = require('nx/src/hasher/hash-task');
    (async () => {
      const graph = await createProjectGraphAsync({ exitOnError: true });
      const taskGraph = createTaskGraph(graph, {}, [${JSON.stringify(project)}], [${JSON.stringify(target)}], undefined, {}, true);
      const task = taskGraph.tasks[${JSON.stringify(task)}];
      await hashTask(createTaskHasher(graph, readNxJson()), graph, taskGraph, task, process.env, null);
      process.stdout.write(task.hash);
      process.exit(0);
    })();`;
  return execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

describe('chart sources', () => {
  it('names the settings as the chart-source library does', () => {
    expect([mirrors.CHART_MIRROR_ENV, mirrors.MANIFEST_MIRROR_ENV]).toEqual([
      CHART_MIRROR_ENV,
      MANIFEST_MIRROR_ENV,
    ]);
  });

  it('defaults to the shared mirror beside the checkout; a setting already made wins', () => {
    const checkout = join(mkdtempSync(join(tmpdir(), 'strata-ws-')), 'main');
    const shared = join(checkout, '..', 'shared', 'helm-charts');
    expect(mirrors.chartSourceSettings({}, checkout)).toEqual({});
    mkdirSync(join(shared, 'charts'), { recursive: true });
    expect(mirrors.chartSourceSettings({}, checkout)).toEqual({
      [CHART_MIRROR_ENV]: join(shared, 'charts'),
    });
    expect(mirrors.chartSourceSettings({ [CHART_MIRROR_ENV]: '/elsewhere' }, checkout)).toEqual({
      [CHART_MIRROR_ENV]: '/elsewhere',
    });
  });

  it('gives the Nx tasks that read charts their mirror (`npx nx run cluster:charts` as npm test runs it)', () => {
    const env = { ...process.env };
    delete env[CHART_MIRROR_ENV];
    const printed = execFileSync(
      process.execPath,
      [
        '-r',
        './tools/scripts/chart-mirrors.cjs',
        '-e',
        `console.log(process.env.${CHART_MIRROR_ENV} ?? '')`,
      ],
      { cwd: root, encoding: 'utf8', env },
    ).trim();
    expect(printed).toBe(mirrors.chartSourceSettings(env)[CHART_MIRROR_ENV] ?? '');
  });

  // The charts check once replayed a cached PASS after the mirror changed under the same path.
  it('makes Nx run the chart check again when a mirror file changes in place', () => {
    const source = mirrors.chartSourceSettings(process.env)[CHART_MIRROR_ENV];
    // A mirror of one's own: a copy of the real one, or a minimal Helm repository.
    const mirror = mkdtempSync(join(tmpdir(), 'strata-mirror-'));
    if (source) cpSync(source, mirror, { recursive: true });
    else writeFileSync(join(mirror, 'index.yaml'), 'apiVersion: v1\nentries: {}\n');
    const env = { [CHART_MIRROR_ENV]: mirror };
    const before = nxTaskHash('cluster:charts', env);
    expect(nxTaskHash('cluster:charts', env)).toBe(before);

    const archive = readdirSync(mirror).find((name) => name.endsWith('.tgz')) ?? 'index.yaml';
    writeFileSync(
      join(mirror, archive),
      Buffer.concat([readFileSync(join(mirror, archive)), Buffer.from('\n')]),
    );
    expect(nxTaskHash('cluster:charts', env)).not.toBe(before);
  }, 60000);
});
