// Preload for running TypeScript sources with ts-node (the benchmark's baseline): maps only
// the @strata/* aliases of tsconfig.base.json, so bare names like `cdktf` still resolve to
// node_modules rather than to files in the workspace root.
const { join } = require('node:path');
const { register } = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

register({
  baseUrl: join(__dirname, '..', '..'),
  paths: compilerOptions.paths,
  addMatchAll: false,
});
