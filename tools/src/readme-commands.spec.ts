import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { docsPages } from './docs/pages';
import { synthCompiledApp } from './layer-apps';

const root = findWorkspaceRoot(__dirname);
/** The README and every docs/ page, where the deploy commands are documented. */
const readme = ['README.md', ...docsPages(root)]
  .map((file) => readFileSync(join(root, file), 'utf8'))
  .join('\n');

/** Every `npx nx run <layer>:<deploy|diff|destroy> ...` command the README documents. */
const documented = [
  ...readme.matchAll(/^npx nx run (\w+):(deploy|diff|destroy) ([^#\n]*?)\s*(?:#.*)?$/gm),
].map(([line, layer, command, args]) => ({ line, layer, command, args: args.split(/\s+/) }));

const synthesized = new Map<string, string>();
/** The layer's stacks for one environment, synthesized by its compiled app. */
function outdirOf(layer: string, environment: string): string {
  const key = `${layer}/${environment}`;
  const known = synthesized.get(key);
  if (known) return known;
  const outdir = join(mkdtempSync(join(tmpdir(), `strata-readme-${layer}-`)), 'cdktf.out');
  const run = synthCompiledApp(root, layer, outdir, { STRATA_ENV: environment });
  expect(run.stderr).toBe('');
  synthesized.set(key, outdir);
  return outdir;
}

/** What the deploy, diff and destroy targets run, asked to print its cdktf command. */
function resolveStack(layer: string, command: string, args: string[], outdir: string) {
  return spawnSync(
    process.execPath,
    [join(root, 'tools/scripts/cdktf-stack.mjs'), command, layer, ...args, `--output=${outdir}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, STRATA_CDKTF_PRINT: '1' } },
  );
}

const environmentOf = (args: string[]) =>
  args.find((arg) => arg.startsWith('--environment='))?.split('=')[1] ?? '';

describe("the README's deploy commands", () => {
  it('documents the bootstrap, per-region and peering commands', () => {
    expect(documented.map(({ layer, command }) => `${layer}:${command}`)).toEqual(
      expect.arrayContaining(['state:deploy', 'network:deploy', 'network:diff']),
    );
  });

  it.each(documented.map((entry) => [entry.line, entry] as const))(
    '%s selects a stack that exists',
    (_, { layer, command, args }) => {
      const outdir = outdirOf(layer, environmentOf(args));
      const run = resolveStack(layer, command, args, outdir);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const [, , stack] = run.stdout.trim().split(' ');
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks)).toContain(stack);
    },
  );

  it('names the stacks that exist when asked for one that does not', () => {
    const run = resolveStack(
      'network',
      'deploy',
      ['--environment=prod', '--region=eu-west-9'],
      outdirOf('network', 'prod'),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no stack network-prod-eu-west-9');
    expect(run.stderr).toContain('network-prod-us-east-1, network-prod-us-west-2');
  });

  it("refuses to bootstrap state in a region that is not the environment's primary", () => {
    const run = resolveStack(
      'state',
      'deploy',
      ['--environment=prod', '--region=us-west-2'],
      outdirOf('state', 'prod'),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("state-prod lives in us-east-1, the environment's primary region");
  });
});
