// The `app` of the root cdktf.json: runs the compiled layer app named by STRATA_LAYER, so
// `STRATA_LAYER=network npx cdktf deploy network-dev-us-east-1` works from the root. The bundle
// is rebuilt first (through Nx, so an unchanged build comes from its cache) only when a source
// that goes into it is newer than it: the CLI never deploys stale code, and pays for a build
// only when there is something to build.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, utimesSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..', '..');
const layer = process.env.STRATA_LAYER;
if (!layer) {
  console.error('Set STRATA_LAYER to the layer to synthesize (state, network, ...).');
  process.exit(1);
}
// A layer app is a project under apps/ with a synth target (the platform app has none).
const project = join(root, 'apps', layer, 'project.json');
if (!existsSync(project) || !('synth' in JSON.parse(readFileSync(project, 'utf8')).targets)) {
  console.error(`STRATA_LAYER=${layer}: there is no layer app apps/${layer}.`);
  process.exit(1);
}
const main = join(root, 'dist', 'apps', layer, 'main.js');

/** A package's command-line entry point, as its package.json names it. */
function binOf(pkg, command) {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [root] });
  return join(dirname(manifest), require(manifest).bin[command]);
}

/** The newest modification time of the files under `path` (0 if it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

// What the bundle is built from: the app, the libraries, the bundle build and the dependencies.
const sources = [
  join('apps', layer, 'src'),
  ...readdirSync(join(root, 'libs')).map((lib) => join('libs', lib, 'src')),
  join('tools', 'scripts', 'bundle'),
  'package-lock.json',
  'tsconfig.base.json',
];
const built = existsSync(main) ? statSync(main).mtimeMs : 0;
if (sources.some((source) => newest(join(root, source)) > built)) {
  const build = spawnSync(process.execPath, [binOf('nx', 'nx'), 'run', `${layer}:build`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (build.status !== 0) {
    console.error(`building ${layer} failed: run "npx nx run ${layer}:build" to see why.`);
    process.exit(1);
  }
  // Nx leaves an output that already matches its cache as it is: mark the bundle checked.
  const now = new Date();
  utimesSync(main, now, now);
}
// The chart and manifest mirrors, as every other command finds them.
require('./chart-mirrors.cjs');
require(main);
