import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port';

/** A real npm registry (Verdaccio) on loopback, for publishing and installing as a team would. */
export interface LoopbackRegistry {
  /** e.g. `http://127.0.0.1:41234/` */
  readonly url: string;
  /** An npm user config that authenticates to it (publishing needs a user). */
  readonly userConfig: string;
  /** The packages whose metadata it has served (npm's first request for each package). */
  servedPackages(): Set<string>;
  stop(): void;
}

/**
 * Verdaccio's configuration: the scope lives here only, with no uplink, so a sibling the
 * release forgot cannot be fetched from anywhere else; publishing takes a signed-in user.
 */
export function registryConfig(dir: string, scope: string): string {
  return [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: 1',
    'uplinks: {}',
    'packages:',
    `  '${scope}/*':`,
    '    access: $all',
    '    publish: $authenticated',
    // One JSON line per request: what was served is read back from it.
    'log: { type: stdout, format: json, level: http }',
    '',
  ].join('\n');
}

/** Names of the packages whose metadata (a packument) the registry's log shows served. */
export function servedPackages(log: string): Set<string> {
  const served = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue; // Node's own warnings share the stream
    const entry = JSON.parse(line) as {
      request?: { method: string; url: string };
      status?: number;
      bytes?: { out: number };
    };
    // Verdaccio logs a request twice, first as a 200 with nothing sent yet: served means bytes out.
    if (entry.request?.method !== 'GET' || entry.status !== 200 || !entry.bytes?.out) continue;
    const name = /^\/((?:@[^/]+\/)?[^/@]+)$/.exec(decodeURIComponent(entry.request.url))?.[1];
    if (name) served.add(name);
  }
  return served;
}

async function waitUntilUp(url: string, child: ChildProcess, log: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`Verdaccio exited with ${child.exitCode}; its log: ${log}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Verdaccio did not answer ${url}-/ping within 30 s; its log: ${log}`);
}

/** Starts Verdaccio (the workspace's pinned devDependency) in `dir`, with one user. */
export async function startLoopbackRegistry(
  dir: string,
  scope: string,
  verdaccioBin: string,
): Promise<LoopbackRegistry> {
  // A fresh registry each run: nothing a previous release left can stand in for this one's.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(config, registryConfig(dir, scope));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const log = join(dir, 'verdaccio.log');
  const output = openSync(log, 'w');
  const child = spawn(
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', output, output] },
  );
  const stop = (): void => {
    if (child.exitCode === null) child.kill();
  };
  try {
    await waitUntilUp(url, child, log);
    // CouchDB's user API, as `npm adduser` calls it: the one user, with a token for npm.
    const user = 'release';
    const response = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user, password: `loopback-${port}` }),
    });
    const body = (await response.json()) as { token?: string; error?: string };
    if (!body.token)
      throw new Error(`Verdaccio refused the user: ${body.error ?? response.status}`);
    const userConfig = join(dir, 'npmrc');
    writeFileSync(userConfig, `//127.0.0.1:${port}/:_authToken=${body.token}\n`);
    return { url, userConfig, servedPackages: () => servedPackages(log), stop };
  } catch (error) {
    stop();
    throw error;
  }
}
