// The `app` of the root cdktf.json: runs the compiled layer app named by STRATA_LAYER, so
// `STRATA_LAYER=network npx cdktf deploy network-dev-us-east-1` works from the root.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const layer = process.env.STRATA_LAYER;
if (!layer) {
  console.error('Set STRATA_LAYER to the layer to synthesize (state, network, ...).');
  process.exit(1);
}
const main = join(__dirname, '..', '..', 'dist', 'apps', layer, 'main.js');
if (!existsSync(main)) {
  console.error(`${main} does not exist: run "npx nx build ${layer}" first.`);
  process.exit(1);
}
require(main);
