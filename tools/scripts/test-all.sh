#!/usr/bin/env bash
# The whole test suite: formatting; the real Terraform engine and providers (built once
# from the Go module proxy, cached outside the repo); then lint, typecheck, unit and synth
# tests, engine validation, the add-on check and, beside them, the emulator flow, through Nx
# (cached); then one closing line, also when a step failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
# Without the project's Node nothing below can run; the closing line is still printed.
if ! source tools/scripts/node-runtime.sh; then
  echo "== summary"
  echo "  step     node-runtime   failed"
  echo "0 passed, 1 failed"
  exit 1
fi
export NX_DAEMON=false NX_NO_CLOUD=true
export PATH="$PWD/node_modules/.bin:$PATH"
source tools/scripts/chart-mirrors.sh
rm -rf dist/readme-commands dist/typecheck.log dist/test-results dist/validate/*.json dist/charts/*.json dist/policy dist/emulator/report dist/emulator/output.log dist/consumer/report dist/cdktn/report dist/docs/report
failed_steps=()

# The working tree as it was: the suite (install included) must not change a tracked file or
# leave an untracked one (a rewritten package-lock.json, a stray staging directory, ...).
tree_before="$(git status --porcelain 2>/dev/null || true)"

echo "== npm dependencies"
node tools/scripts/ensure-install.mjs || failed_steps+=(install)

echo "== prettier"
prettier --check . --log-level warn || failed_steps+=(prettier)

echo "== toolchain (engine, providers, chart tools)"
if node tools/toolchain/install.mjs; then
  echo "== nx: build, synth and package (what every check reads)"
  nx run-many -t build synth package --output-style=static || failed_steps+=(synth)
  # The emulator flow is the longest check: it runs beside the others from the start, and its
  # output follows theirs. Neither re-runs what the step above built (also with
  # NX_SKIP_NX_CACHE): a second synth of a layer while the flow copies its stacks would race it.
  mkdir -p dist/emulator
  nx run tools:emulator --excludeTaskDependencies --output-style=static \
    >dist/emulator/output.log 2>&1 &
  emulator=$!
  # Every project's typecheck target checks the libraries it imports again (each is its own
  # program); one program over all of them checks every file once, with the same options
  # (tools/src/typecheck-config.spec.ts holds them equal). Nx keeps the per-project targets
  # for `nx affected`.
  tsc -p tsconfig.typecheck.json >dist/typecheck.log 2>&1 &
  typecheck=$!
  echo "== nx: lint, test, validate, charts, policy, consumer, cdktn, docs, actionlint (typecheck and the emulator flow beside them)"
  nx run-many -t lint test validate charts policy consumer cdktn docs actionlint \
    --excludeTaskDependencies --output-style=static || failed_steps+=(nx)
  echo "== typecheck (tsc -p tsconfig.typecheck.json)"
  if wait "$typecheck"; then echo "no type errors"; else cat dist/typecheck.log; failed_steps+=(typecheck); fi
  wait "$emulator" || failed_steps+=(emulator)
  echo "== emulator flow"
  cat dist/emulator/output.log
  # Last, with nothing else reading dist/: the README's npm commands as a reader types them.
  echo "== README commands"
  node tools/scripts/readme-commands.mjs || failed_steps+=(readme-commands)
else
  failed_steps+=(toolchain)
fi

echo "== working tree"
tree_after="$(git status --porcelain 2>/dev/null || true)"
if [ "$tree_before" != "$tree_after" ]; then
  echo "The test run changed the working tree:"
  diff <(echo "$tree_before") <(echo "$tree_after") || true
  failed_steps+=(clean-tree)
fi

echo "== summary"
STRATA_FAILED_STEPS="${failed_steps[*]:-}" node tools/scripts/test-summary.mjs
