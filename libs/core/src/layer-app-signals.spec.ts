import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { findWorkspaceRoot, MINIMAL_ENVIRONMENT_FILE } from '@strata/config';

const VALID_DEV = MINIMAL_ENVIRONMENT_FILE;

/**
 * A layer app that waits where told to: in `prepare` (asynchronously) or while adding its
 * stack (synchronously, as real synthesis is). Bundled like the real apps.
 */
const APP = `
import { TerraformOutput } from 'cdktf';
import { LayerStack, runLayerApp } from '@strata/core';
const waitMs = Number(process.env.WAIT_MS);
void runLayerApp({
  layer: 'network',
  prepare:
    process.env.WAIT_IN === 'prepare'
      ? () => new Promise((done) => setTimeout(() => done('late'), waitMs))
      : undefined,
  addStacks: (app, environment) => {
    const stack = new LayerStack(app, 'network-' + environment.name + '-us-east-1', {
      environment,
      layer: 'network',
      region: 'us-east-1',
    });
    new TerraformOutput(stack, 'region', { value: stack.region });
    if (process.env.WAIT_IN === 'synth') {
      const until = Date.now() + waitMs;
      while (Date.now() < until) {
        // Busy: signals wait for the event loop, as during a long synthesis.
      }
    }
  },
});
`;

const root = findWorkspaceRoot(__dirname);
// Each case starts a bundled app that waits 3 s on purpose; on a 2-core runner busy with the
// other checks, its start alone can take seconds (jest's 5 s default failed there once).
// interrupt() gives up waiting for the staging directory after 20 s.
const CASE_TIMEOUT_MS = 40_000;
const work = mkdtempSync(join(tmpdir(), 'strata-signal-'));
const bundle = join(work, 'app.js');

beforeAll(() => {
  writeFileSync(join(work, 'app.ts'), APP);
  buildSync({
    entryPoints: [join(work, 'app.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    outfile: bundle,
    logLevel: 'error',
  });
}, CASE_TIMEOUT_MS);

/** Runs the app until its staging directory appears, sends `signal`, and reports how it ended. */
async function interrupt(waitIn: 'prepare' | 'synth', signal: NodeJS.Signals) {
  const dir = mkdtempSync(join(work, 'run-'));
  mkdirSync(join(dir, 'environments'));
  writeFileSync(join(dir, 'environments', 'dev.yaml'), VALID_DEV);
  const outdir = join(dir, 'cdktf.out');
  const child = spawn(process.execPath, [bundle], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_PATH: join(root, 'node_modules'),
      STRATA_ENVIRONMENTS_DIR: join(dir, 'environments'),
      CDKTF_OUTDIR: outdir,
      WAIT_IN: waitIn,
      WAIT_MS: '3000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.on('exit', (code, killedBy) => done(killedBy ?? code)),
  );
  const staging = () => readdirSync(dir).filter((name) => name.includes('.staging-'));
  const deadline = Date.now() + 20_000;
  while (staging().length === 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20));
  }
  const sawStaging = staging().length === 1;
  child.kill(signal);
  const ended = await exited;
  return { sawStaging, ended, stderr, left: readdirSync(dir).sort(), outdir };
}

describe('an interrupted synth', () => {
  it(
    'removes its staging directory when SIGTERM arrives while it waits',
    async () => {
      const run = await interrupt('prepare', 'SIGTERM');
      expect(run.sawStaging).toBe(true);
      expect(run.ended).toBe('SIGTERM');
      expect(run.left).toEqual(['environments']);
      expect(run.stderr).toContain('network: synth interrupted (SIGTERM); nothing was written.');
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'leaves no staging directory when SIGINT arrives during synthesis',
    async () => {
      const run = await interrupt('synth', 'SIGINT');
      expect(run.sawStaging).toBe(true);
      expect(run.ended).toBe('SIGINT');
      // The synchronous synthesis finished first, so its complete output is in place.
      expect(run.left).toEqual(['cdktf.out', 'environments']);
      expect(existsSync(join(run.outdir, 'manifest.json'))).toBe(true);
      expect(run.stderr).toContain('the complete output was already in place');
    },
    CASE_TIMEOUT_MS,
  );
});
