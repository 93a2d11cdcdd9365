import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { cacheClients } from '@strata/constructs/vocabulary';
import { synthCompiledApp } from './layer-apps';
import { synthesizedStacks } from './synthesized-stacks';
import { loadToolchain } from './validate/toolchain';

/**
 * The ElastiCache users the data layer synthesizes, given to a real Redis server (Debian's,
 * from the toolchain) with their own access strings: Redis's ACL engine judges what a
 * component may run and that a connection without a login gets nothing. IAM token checking is
 * ElastiCache's and cannot run here; the users stand in with `nopass`.
 */
const redis = loadToolchain().redis;
if (!redis) throw new Error('the toolchain has no redis: run "node tools/toolchain/install.mjs"');
const root = findWorkspaceRoot(__dirname);
const scratch = mkdtempSync(join(tmpdir(), 'strata-cache-logins-'));
const socket = join(scratch, 'redis.sock');
const env = { ...process.env, LD_LIBRARY_PATH: redis.libraryPath };

interface User {
  readonly user_id: string;
  readonly user_name: string;
  readonly access_string: string;
  readonly authentication_mode: { readonly type: string };
}

/** The users of the production primary's data stack, as synthesized. */
function synthesizedUsers(): User[] {
  const outdir = join(scratch, 'out');
  const run = synthCompiledApp(root, 'data', outdir, { STRATA_ENV: 'prod' });
  if (run.status !== 0) throw new Error(`synth of data failed: ${run.stderr}`);
  const stack = synthesizedStacks(root, 'data', outdir).find(
    (candidate) => candidate.stack === 'data-prod-us-east-1',
  );
  if (!stack) throw new Error('no data-prod-us-east-1 stack');
  const json = JSON.parse(readFileSync(join(stack.stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: { aws_elasticache_user: Record<string, User> };
  };
  return Object.values(json.resource.aws_elasticache_user);
}

/**
 * One redis-cli command, as `user` (with any password: the users are `nopass`) or as nobody:
 * the reply, after what the CLI said of a refused login.
 */
function cli(args: readonly string[], user?: string): string {
  const login = user ? ['--user', user, '--pass', 'token', '--no-auth-warning'] : [];
  const run = spawnSync(redis!.cli, ['-s', socket, ...login, ...args], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${run.stderr}`);
  return `${run.stderr}${run.stdout}`.trim();
}

let server: ChildProcess;
const users = synthesizedUsers();
const clients = users.filter((user) => user.user_name !== 'default');
const defaultUser = users.find((user) => user.user_name === 'default');

beforeAll(async () => {
  // Cluster mode, as the replication group runs, on a socket of its own (no port to collide).
  server = spawn(
    redis.server,
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(scratch, 'nodes.conf'),
      '--dir',
      scratch,
      '--save',
      '',
      '--appendonly',
      'no',
      // So that the ACL, not the server's own switch, is what refuses DEBUG.
      '--enable-debug-command',
      'yes',
    ],
    { env, stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100 && !existsSync(socket); attempt++)
    await new Promise((done) => setTimeout(done, 50));
  cli(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
  for (
    let attempt = 0;
    attempt < 100 && !cli(['CLUSTER', 'INFO']).includes('cluster_state:ok');
    attempt++
  )
    await new Promise((done) => setTimeout(done, 50));
  // As the data layer sets them up: the clients first, then the default user switched off.
  for (const user of clients)
    cli(['ACL', 'SETUSER', user.user_name, 'reset', 'nopass', ...user.access_string.split(' ')]);
  cli(['ACL', 'SETUSER', 'default', 'reset', ...(defaultUser?.access_string.split(' ') ?? [])]);
});

afterAll(() => {
  server?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

describe('cache logins, judged by a real Redis', () => {
  it('the data layer makes one IAM user per cache client, and the default user', () => {
    expect(redis.version.split('.')[0]).toBe('7');
    expect(clients.map((user) => user.user_name).sort()).toEqual(
      cacheClients()
        .map((component) => `strata-prod-use1-cache-${component}`)
        .sort(),
    );
    expect(clients.every((user) => user.authentication_mode.type === 'iam')).toBe(true);
    expect(defaultUser).toBeDefined();
  });

  it.each(cacheClients())(
    '%s reads, writes, checks the connection and finds the shards',
    (component) => {
      const user = `strata-prod-use1-cache-${component}`;
      expect(cli(['SET', `${component}:k`, 'v'], user)).toBe('OK');
      expect(cli(['GET', `${component}:k`], user)).toBe('v');
      expect(cli(['INFO', 'server'], user)).toContain('redis_version:7.');
      expect(cli(['CLUSTER', 'SHARDS'], user)).toContain('slots');
      expect(cli(['CLUSTER', 'SLOTS'], user)).toContain('16383');
    },
  );

  it.each([
    ['FLUSHALL'],
    ['KEYS', '*'],
    ['CONFIG', 'GET', 'maxmemory'],
    ['DEBUG', 'SLEEP', '0'],
    ['ACL', 'LIST'],
    ['CLUSTER', 'RESET'],
  ])('a client may not run %s', (...command) => {
    expect(cli(command, clients[0].user_name)).toMatch(/^NOPERM/);
  });

  it('a connection without a login can run nothing, and the default user cannot log in', () => {
    expect(cli(['PING'])).toMatch(/^NOAUTH/);
    expect(cli(['GET', 'gateway:k'])).toMatch(/^NOAUTH/);
    const asDefault = cli(['PING'], 'default');
    expect(asDefault).toMatch(/AUTH failed: WRONGPASS/);
    expect(asDefault).toMatch(/NOAUTH/);
  });
});
