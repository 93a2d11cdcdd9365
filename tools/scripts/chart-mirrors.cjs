// Where upstream charts and release manifests come from when nobody said: the shared mirror
// beside the checkout (`../shared/helm-charts`), as this workspace's machines have it, with no
// chart repository or GitHub release reachable. The one place that default is spelt:
//
// - loaded with `node -r ./tools/scripts/chart-mirrors.cjs` (the Nx synth and chart targets,
//   `npm run bench`, jest.preset.js, the root cdktf.json app), it sets STRATA_CHART_MIRROR and
//   STRATA_MANIFEST_MIRROR in process.env where they are unset and the mirror exists, so
//   `npx nx run cluster:charts` finds the mirror exactly as `npm test` does;
// - run as a script, it prints the same settings as shell `export` lines (chart-mirrors.sh);
// - `chartSourceSettings()` gives them to chart-sources-digest.mjs, which hashes what they hold.
//
// A variable already set wins; without the mirror nothing is set (charts come from their
// repositories). Names match CHART_MIRROR_ENV and MANIFEST_MIRROR_ENV in libs/core/src/chart-source.ts
// (tools/src/charts/chart-sources.spec.ts holds them equal).
const { existsSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const CHART_MIRROR_ENV = 'STRATA_CHART_MIRROR';
const MANIFEST_MIRROR_ENV = 'STRATA_MANIFEST_MIRROR';
const workspaceRoot = resolve(__dirname, '..', '..');

const isDirectory = (path) => existsSync(path) && statSync(path).isDirectory();

/** The chart and manifest mirror settings in force for `env`, defaults applied. */
function chartSourceSettings(env = process.env, root = workspaceRoot) {
  const shared = join(root, '..', 'shared', 'helm-charts');
  const settings = {};
  for (const [name, dir] of [
    [CHART_MIRROR_ENV, join(shared, 'charts')],
    [MANIFEST_MIRROR_ENV, join(shared, 'manifests')],
  ]) {
    if (env[name]) settings[name] = env[name];
    else if (isDirectory(dir)) settings[name] = dir;
  }
  return settings;
}

const quote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

if (require.main === module) {
  for (const [name, value] of Object.entries(chartSourceSettings())) {
    console.log(`export ${name}=${quote(value)}`);
  }
} else {
  Object.assign(process.env, chartSourceSettings());
}

module.exports = { CHART_MIRROR_ENV, MANIFEST_MIRROR_ENV, chartSourceSettings };
