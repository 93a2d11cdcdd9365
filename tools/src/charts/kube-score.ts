import { KubeTools } from '../validate/toolchain';
import { exec } from './render';

/**
 * kube-score tests no add-on is held to, each with the reason. Ignores that only one add-on
 * needs are declared with that add-on (ADDON_CHECK_RULES).
 */
export const KUBE_SCORE_IGNORED: Readonly<Record<string, string>> = {
  'container-image-pull-policy':
    'images are pinned to exact release tags; pulling on every start would make each restart depend on the registry',
  'container-security-context-user-group-id':
    "kube-score wants UIDs above 10000; the upstream images run as their own non-root users (65532, 1000, ...), and Pod Security 'restricted' already refuses root",
  'container-ephemeral-storage-request-and-limit':
    'an ephemeral-storage limit evicts a pod on a burst of logs; node disk pressure is alerted instead (StrataNodeUnderPressure)',
  'pod-probes-identical':
    "several charts point liveness and readiness at one health endpoint; kube-score's rule against that is a style choice, not a failure",
  'pod-networkpolicy':
    "the add-on namespaces' controllers need API-server, webhook and AWS API paths this check cannot exercise, so they get no NetworkPolicy yet; the component namespaces deny by default (platform-baseline)",
};

/** Outside production add-ons run one replica each: a budget or anti-affinity means nothing there. */
export const KUBE_SCORE_IGNORED_SINGLE_REPLICA: Readonly<Record<string, string>> = {
  'deployment-has-poddisruptionbudget':
    'one replica outside production: a budget of one would block every node drain',
  'statefulset-has-poddisruptionbudget':
    'one replica outside production: a budget of one would block every node drain',
  'deployment-has-host-podantiaffinity': 'one replica outside production',
  'statefulset-has-host-podantiaffinity': 'one replica outside production',
};

/** Also a kube-score flag: CPU limits are not required, CPU requests are. */
export const KUBE_SCORE_CPU_LIMIT_REASON =
  'a CPU limit throttles controllers and proxies in bursts; the CPU request reserves their share';

/**
 * kube-score over a rendering: every CRITICAL finding fails, except the tests above and the
 * ones the add-on declares it cannot pass (with their reasons).
 */
export function kubeScore(
  tools: KubeTools,
  kubernetesVersion: string,
  file: string,
  ignored: Readonly<Record<string, string>>,
  highAvailability: boolean,
): string[] {
  const result = exec(tools.kubeScore, [
    'score',
    '--output-format',
    'ci',
    '--kubernetes-version',
    `v${kubernetesVersion}`,
    '--ignore-container-cpu-limit',
    ...Object.keys({
      ...KUBE_SCORE_IGNORED,
      ...(highAvailability ? {} : KUBE_SCORE_IGNORED_SINGLE_REPLICA),
      ...ignored,
    }).flatMap((test) => ['--ignore-test', test]),
    file,
  ]);
  const critical = result.stdout.split('\n').filter((line) => line.startsWith('[CRITICAL]'));
  if (critical.length > 0) return critical;
  // kube-score exits 1 when it reports CRITICAL; anything else non-zero is its own failure.
  if (!result.ok && result.stdout.trim() === '') return [`kube-score: ${result.stderr.trim()}`];
  return [];
}
