import { LabelSelector, selects } from './alert-sources';
import { Manifest } from './crd-schemas';
import { podTemplateOf } from './pod-security';

/** One release's objects, each in its namespace. */
export interface ReleaseObjects {
  readonly release: string;
  readonly objects: readonly Manifest[];
}

/** An int-or-percent of `total`, rounded up, as the disruption controller scales it. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return Number(value);
  return Math.ceil((Number(percent[1]) * total) / 100);
}

/** Evictions a budget allows with `replicas` healthy pods (the disruption controller's sum). */
export function allowedDisruptions(
  budget: { readonly minAvailable?: number | string; readonly maxUnavailable?: number | string },
  replicas: number,
): number {
  const desiredHealthy =
    budget.maxUnavailable !== undefined
      ? replicas - scaled(budget.maxUnavailable, replicas)
      : scaled(budget.minAvailable ?? 0, replicas);
  return Math.max(0, replicas - desiredHealthy);
}

/** The namespace an object is in (every object the rules read has its namespace filled in). */
export const namespaceOf = (object: Manifest) => object.metadata?.namespace ?? '';
const key = (kind: string | undefined, namespace: string, name: string | undefined) =>
  `${kind}/${namespace}/${name}`;

/**
 * The autoscaler minimum of each workload one targets: an HPA's `minReplicas` (default 1), a
 * KEDA ScaledObject's `minReplicaCount` (default 0).
 */
function fewestReplicas(all: readonly Manifest[]): Map<string, number> {
  const minimum = new Map<string, number>();
  for (const object of all) {
    const spec = (object.spec ?? {}) as {
      scaleTargetRef?: { kind?: string; name?: string };
      minReplicas?: number;
      minReplicaCount?: number;
    };
    const target = spec.scaleTargetRef;
    if (!target?.name) continue;
    if (object.kind === 'HorizontalPodAutoscaler') {
      minimum.set(key(target.kind, namespaceOf(object), target.name), spec.minReplicas ?? 1);
    } else if (object.kind === 'ScaledObject') {
      const kind = target.kind ?? 'Deployment';
      minimum.set(key(kind, namespaceOf(object), target.name), spec.minReplicaCount ?? 0);
    }
  }
  return minimum;
}

/**
 * Disruption budgets that allow no eviction at the replica count their workload really runs
 * with: a node drain, an EKS node upgrade and Karpenter's consolidation then wait forever on
 * that pod. Budgets and workloads are matched across the whole stack, as the API server does.
 */
export function disruptionProblems(releases: readonly ReleaseObjects[]): Map<string, string[]> {
  const all = releases.flatMap((release) => release.objects);
  const fewest = fewestReplicas(all);
  const workloads = all.filter((object) =>
    ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'].includes(object.kind ?? ''),
  );
  const problems = new Map<string, string[]>();
  for (const { release, objects } of releases) {
    for (const budget of objects.filter((object) => object.kind === 'PodDisruptionBudget')) {
      const spec = (budget.spec ?? {}) as {
        selector?: LabelSelector;
        minAvailable?: number | string;
        maxUnavailable?: number | string;
      };
      for (const workload of workloads) {
        if (namespaceOf(workload) !== namespaceOf(budget)) continue;
        const labels = podTemplateOf(workload)?.metadata?.labels ?? {};
        if (!selects(spec.selector, labels)) continue;
        const id = key(workload.kind, namespaceOf(workload), workload.metadata?.name);
        const declared = (workload.spec as { replicas?: number } | undefined)?.replicas ?? 1;
        // Scaled from zero, it still runs one pod whenever there is work.
        const autoscaled = fewest.get(id);
        const replicas = autoscaled === undefined ? declared : Math.max(autoscaled, 1);
        if (replicas === 0 || allowedDisruptions(spec, replicas) > 0) continue;
        const rule =
          spec.maxUnavailable !== undefined
            ? `maxUnavailable ${spec.maxUnavailable}`
            : `minAvailable ${spec.minAvailable}`;
        problems.set(release, [
          ...(problems.get(release) ?? []),
          `PodDisruptionBudget ${namespaceOf(budget)}/${budget.metadata?.name} (${rule}) allows no eviction of ${workload.kind} ${workload.metadata?.name} at ${replicas} replica${replicas === 1 ? '' : 's'}, the fewest it runs with: node drains and Karpenter consolidation would wait on it forever`,
        ]);
      }
    }
  }
  return problems;
}

interface Container {
  readonly name?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: ReadonlyArray<{ readonly name?: string }>;
}

/** Names that occur more than once, in order of their second occurrence. */
function repeated(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const name of names) (seen.has(name) ? twice : seen).add(name);
  return [...twice];
}

/** `--flag` or `--flag=value` as its flag name; anything else (values, positionals) is not one. */
const flagName = (arg: string) => /^(--?[A-Za-z][\w.-]*)(=|$)/.exec(arg)?.[1];

/**
 * Containers that set one environment variable twice (the API server keeps both and the last
 * wins, so the first value is silently dead; server-side apply refuses the duplicate key) or
 * give one command-line flag twice (most programs keep the last; the first is dead code that
 * reads as configuration). `repeatable` lists flags a program takes more than once by design.
 */
export function duplicateSettingProblems(
  objects: readonly Manifest[],
  repeatable: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const spec = podTemplateOf(object)?.spec as
      { containers?: Container[]; initContainers?: Container[] } | undefined;
    for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      const where = `${object.kind} ${namespaceOf(object)}/${object.metadata?.name} container ${container.name}`;
      for (const name of repeated((container.env ?? []).flatMap((env) => env.name ?? []))) {
        problems.push(`${where} sets environment variable ${name} more than once`);
      }
      const flags = [...(container.command ?? []), ...(container.args ?? [])].flatMap(
        (arg) => flagName(arg) ?? [],
      );
      for (const flag of repeated(flags).filter((flag) => !repeatable.includes(flag))) {
        problems.push(`${where} gives flag ${flag} more than once`);
      }
    }
  }
  return problems;
}

/** Kinds whose pods keep state in the Prometheus Operator's CRDs: storage is `spec.storage`. */
const OPERATOR_STATEFUL = new Set(['Prometheus', 'Alertmanager', 'ThanosRuler']);

/**
 * Stateful workloads with nothing persistent in production: a StatefulSet without volume claim
 * templates, or a Prometheus Operator Prometheus or Alertmanager without `storage`, loses its
 * data (series, silences, notification log) on every restart, reschedule and node upgrade.
 * `ephemeral` names the ones that keep no state by design, each with the reason.
 */
export function persistentStateProblems(
  objects: readonly Manifest[],
  ephemeral: Readonly<Record<string, string>> = {},
): string[] {
  return objects.flatMap((object) => {
    const name = object.metadata?.name ?? '';
    if (name in ephemeral) return [];
    const spec = (object.spec ?? {}) as { volumeClaimTemplates?: unknown[]; storage?: unknown };
    const stateless =
      object.kind === 'StatefulSet'
        ? (spec.volumeClaimTemplates ?? []).length === 0
        : OPERATOR_STATEFUL.has(object.kind ?? '') &&
          object.apiVersion?.startsWith('monitoring.coreos.com/') === true &&
          !spec.storage;
    return stateless
      ? [
          `${object.kind} ${namespaceOf(object)}/${name} keeps its state on no persistent volume in production: a restart or node upgrade loses it (declare it in ephemeralState, with the reason, if it keeps none)`,
        ]
      : [];
  });
}
