# Sourced by the README's commands (npm run synth, npm test) and .ci/run: where no chart
# repository or GitHub release is reachable, the shared mirror beside the checkout holds the
# upstream charts and release manifests at the pinned versions (README, "Chart source").
# Variables already set win; without the mirror nothing changes (charts come from their
# repositories).
strata_shared="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/helm-charts"
if [ -z "${STRATA_CHART_MIRROR:-}" ] && [ -d "$strata_shared/charts" ]; then
  export STRATA_CHART_MIRROR="$strata_shared/charts"
fi
if [ -z "${STRATA_MANIFEST_MIRROR:-}" ] && [ -d "$strata_shared/manifests" ]; then
  export STRATA_MANIFEST_MIRROR="$strata_shared/manifests"
fi
unset strata_shared
