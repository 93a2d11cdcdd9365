#!/usr/bin/env bash
# `bash tools/scripts/with-node.sh '<command line>'`: runs an npm script's command line with
# the project's Node first on PATH (tools/scripts/node-runtime.sh) and the npm dependencies
# installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/node-runtime.sh
# npm dependencies on first use (and after the lock file changes), so every script works as
# the first command on a fresh clone: `npm run validate` there once found no `nx`.
node tools/scripts/ensure-install.mjs
exec bash -c "$1"
