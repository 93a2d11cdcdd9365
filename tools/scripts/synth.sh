#!/usr/bin/env bash
# `npm run synth`: every stack of every layer, environment and region into dist/cdktf.out/<layer>,
# in one process (the platform app; a thread per core), all or nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/node-runtime.sh
source tools/scripts/chart-mirrors.sh
node tools/scripts/ensure-install.mjs
exec npx nx run platform:synth-all --output-style=static
