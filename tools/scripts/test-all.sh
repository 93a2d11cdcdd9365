#!/usr/bin/env bash
# The whole test suite: formatting; the real Terraform engine and providers (built once
# from the Go module proxy, cached outside the repo); then lint, typecheck, unit and synth
# tests and engine validation of every stack through Nx (cached); then one closing line.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf dist/test-results dist/validate/*.json dist/emulator/report

echo "== prettier"
prettier --check . --log-level warn

echo "== toolchain (engine and providers)"
node tools/toolchain/install.mjs

echo "== nx: lint, typecheck, test, synth, validate, charts, emulator, actionlint"
nx run-many -t lint typecheck test synth validate charts emulator actionlint --output-style=static

echo "== summary"
node tools/scripts/test-summary.mjs
