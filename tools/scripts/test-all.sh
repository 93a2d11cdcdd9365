#!/usr/bin/env bash
# The whole test suite: formatting, then lint, typecheck, unit and synth tests of every
# project through Nx (cached), then one closing line adding up every project's tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf dist/test-results

echo "== prettier"
prettier --check . --log-level warn

echo "== nx: lint, typecheck, test, synth"
nx run-many -t lint typecheck test synth --output-style=static

echo "== summary"
node tools/scripts/test-summary.mjs
