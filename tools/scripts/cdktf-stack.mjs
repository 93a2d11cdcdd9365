// Runs one cdktf command (deploy, diff, destroy) on one synthesized stack of a layer, chosen
// the way the README documents it:
//   nx run <layer>:<command> --environment=<env> [--region=<region>|peering] [--stack=addons]
// State has one stack per environment (`state-<env>`, in the primary region); every other
// layer one per region (`<layer>-<env>-<region>`, or `<stack>-<env>-<region>`). A stack
// that does not exist is an error that lists the ones that do.
// STRATA_CDKTF_PRINT=1 prints the command instead of running it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    environment: { type: 'string' },
    region: { type: 'string' },
    stack: { type: 'string' },
    output: { type: 'string' },
  },
});
const [command, layer] = positionals;
const fail = (message) => {
  console.error(`cdktf ${command ?? ''} ${layer ?? ''}: ${message}`);
  process.exit(2);
};
if (!['deploy', 'diff', 'destroy'].includes(command) || !layer) {
  fail(
    'usage: cdktf-stack.mjs <deploy|diff|destroy> <layer> --environment=<env> [--region=<region>]',
  );
}
if (!values.environment) fail('--environment=<name> is required');
const output = values.output ?? join('dist', 'cdktf.out', layer);
const manifestFile = join(output, 'manifest.json');
if (!existsSync(manifestFile)) fail(`${manifestFile} does not exist: synthesize first`);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const stacks = Object.keys(manifest.stacks);

const prefix = values.stack ?? layer;
const environment = values.environment;
const candidates = values.region
  ? [`${prefix}-${environment}-${values.region}`, `${prefix}-${environment}`]
  : [`${prefix}-${environment}`];
const stack = candidates.find((name) => stacks.includes(name));
if (!stack) {
  const ofEnvironment = stacks.filter((name) => name.includes(`-${environment}`));
  fail(
    `no stack ${candidates.join(' or ')} in ${output}; ${
      ofEnvironment.length > 0
        ? `this environment has: ${ofEnvironment.join(', ')}`
        : `stacks: ${stacks.join(', ') || 'none'}`
    }`,
  );
}
// A per-environment stack lives in one region: a --region naming another one is a mistake.
if (values.region && stack === `${prefix}-${environment}`) {
  const synthesized = JSON.parse(
    readFileSync(join(output, manifest.stacks[stack].synthesizedStackPath), 'utf8'),
  );
  const home = synthesized.provider?.aws?.find((provider) => !provider.alias)?.region;
  if (home && home !== values.region) {
    fail(`${stack} lives in ${home}, the environment's primary region, not ${values.region}`);
  }
}
const args = [command, stack, '--skip-synth', '--output', output];
if (process.env.STRATA_CDKTF_PRINT) {
  console.log(`cdktf ${args.join(' ')}`);
  process.exit(0);
}
const run = spawnSync('cdktf', args, {
  stdio: 'inherit',
  // The CLI otherwise asks checkpoint-api.hashicorp.com for a newer version on every run.
  env: { CHECKPOINT_DISABLE: '1', ...process.env, STRATA_LAYER: layer },
});
if (run.error)
  fail(
    `cannot run cdktf (${run.error.message}); run it through nx, which puts node_modules/.bin on PATH`,
  );
process.exit(run.status ?? 1);
