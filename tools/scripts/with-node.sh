#!/usr/bin/env bash
# `bash tools/scripts/with-node.sh '<command line>'`: runs an npm script's command line with
# the project's Node first on PATH (tools/scripts/node-runtime.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/node-runtime.sh
exec bash -c "$1"
