#!/usr/bin/env bash
# `npm run synth`: every stack of every layer, environment and region into dist/cdktf.out.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/chart-mirrors.sh
node tools/scripts/ensure-install.mjs
exec npx nx run-many -t synth --output-style=static
