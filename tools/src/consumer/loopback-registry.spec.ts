import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { LoopbackRegistry, startLoopbackRegistry } from './loopback-registry';

const root = findWorkspaceRoot(__dirname);
const scratch = mkdtempSync(join(tmpdir(), 'strata-registry-'));
let registry: LoopbackRegistry;

const npm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

/** A package in the scope that depends on a sibling. */
function writePackage(name: string, dependencies: Record<string, string> = {}): string {
  const dir = join(scratch, 'packages', name.replace('/', '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', dependencies }),
  );
  writeFileSync(join(dir, 'index.js'), 'module.exports = 1;\n');
  return dir;
}

function consumer(name: string, spec: string): ReturnType<typeof npm> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  writeFileSync(join(dir, '.npmrc'), `@strata:registry=${registry.url}\n`);
  return npm(['install', '--no-audit', '--no-fund', spec], dir);
}

beforeAll(async () => {
  registry = await startLoopbackRegistry(
    join(scratch, 'registry'),
    '@strata',
    join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
  );
}, 60_000);
afterAll(() => registry.stop());

describe('the registry on loopback (real Verdaccio, real npm)', () => {
  it('takes a publish from its one user and serves it to a plain install', () => {
    const published = npm(
      ['publish', writePackage('@strata/base'), '--registry', registry.url],
      scratch,
      { NPM_CONFIG_USERCONFIG: registry.userConfig },
    );
    expect([published.status, published.stderr]).toEqual([0, expect.any(String)]);
    const install = consumer('installs-base', '@strata/base@1.0.0');
    expect([install.status, install.stderr]).toEqual([0, expect.any(String)]);
    expect(registry.servedPackages().has('@strata/base')).toBe(true);
  }, 60_000);

  it('refuses a publish without the user', () => {
    const anonymous = npm(
      ['publish', writePackage('@strata/anonymous'), '--registry', registry.url],
      scratch,
      { NPM_CONFIG_USERCONFIG: join(scratch, 'no-npmrc') },
    );
    expect(anonymous.status).not.toBe(0);
  }, 60_000);

  it('has no uplink: a sibling missing from the release fails the install, it is never fetched elsewhere', () => {
    const published = npm(
      [
        'publish',
        writePackage('@strata/top', { '@strata/missing-sibling': '1.0.0' }),
        '--registry',
        registry.url,
      ],
      scratch,
      { NPM_CONFIG_USERCONFIG: registry.userConfig },
    );
    expect(published.status).toBe(0);
    const install = consumer('installs-top', '@strata/top@1.0.0');
    expect(install.status).not.toBe(0);
    expect(install.stderr).toMatch(/E404[\s\S]*@strata\/missing-sibling/);
    expect(registry.servedPackages().has('@strata/missing-sibling')).toBe(false);
  }, 60_000);
});
