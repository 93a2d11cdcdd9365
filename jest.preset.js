// Shared jest settings: TypeScript through swc (no type-checking here; `typecheck` does that)
// and the @strata/* path aliases of tsconfig.base.json mapped to library sources.
const path = require('node:path');
const { readFileSync } = require('node:fs');
// Specs that render real charts find the mirror as `npm test` does (workers inherit the env).
require('./tools/scripts/chart-mirrors.cjs');

const swcConfig = JSON.parse(readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

module.exports = (projectDir) => ({
  rootDir: projectDir,
  displayName: path.basename(projectDir),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper: {
    '^@strata/([^/]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@strata/([^/]+)/(.+)$': path.join(__dirname, 'libs/$1/src/$2/index.ts'),
  },
  cacheDirectory: path.join(__dirname, 'node_modules/.cache/jest'),
});
