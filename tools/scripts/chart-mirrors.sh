# Sourced by the README's commands (npm run synth, npm test) and .ci/run: the chart and
# manifest mirror settings of tools/scripts/chart-mirrors.cjs (the shared mirror beside the
# checkout when the variables are unset), exported for every command the script runs.
eval "$(node "$(dirname "${BASH_SOURCE[0]}")/chart-mirrors.cjs")"
