import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Manifest } from './crd-schemas';
import { isWorkload, podTemplateOf } from './pod-security';
import type { ReleaseObjects } from './wiring';

/** One service account an AWS role is bound to (a Pod Identity association). */
export interface IdentityBinding {
  /** Where it is declared: `<stack>: <resource address>`. */
  readonly source: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

interface StackJson {
  resource?: {
    aws_eks_pod_identity_association?: Record<
      string,
      { namespace?: unknown; service_account?: unknown }
    >;
  };
}

/**
 * The Pod Identity associations of an addons stack and of its cluster stack (the autoscaler's
 * role lives with the node groups), from the synthesized JSON.
 */
export function identityBindings(stack: string, stackDir: string): IdentityBinding[] {
  const dirs = [
    { stack, dir: stackDir },
    {
      stack: stack.replace(/^addons-/, 'cluster-'),
      // The cluster app synthesizes both stacks side by side.
      dir: join(stackDir, '..', stack.replace(/^addons-/, 'cluster-')),
    },
  ];
  return dirs.flatMap(({ stack: name, dir }) => {
    const file = join(dir, 'cdk.tf.json');
    if (!existsSync(file)) return [];
    const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
    return Object.entries(json.resource?.aws_eks_pod_identity_association ?? {}).map(
      ([id, association]) => ({
        source: `${name}: aws_eks_pod_identity_association.${id}`,
        namespace: String(association.namespace),
        serviceAccount: String(association.service_account),
      }),
    );
  });
}

/**
 * Custom resources an operator turns into pods running as their `spec.serviceAccountName`:
 * the Prometheus Operator's servers (the chart renders the resource, the operator the
 * StatefulSet).
 */
const OPERATOR_WORKLOADS = new Set([
  'monitoring.coreos.com/v1/Prometheus',
  'monitoring.coreos.com/v1/Alertmanager',
]);

function isOperatorWorkload(manifest: Manifest): boolean {
  return OPERATOR_WORKLOADS.has(`${manifest.apiVersion}/${manifest.kind}`);
}

function serviceAccountOf(manifest: Manifest): string {
  const spec = (isOperatorWorkload(manifest) ? manifest.spec : podTemplateOf(manifest)?.spec) as
    { serviceAccountName?: string } | undefined;
  return spec?.serviceAccountName ?? 'default';
}

/**
 * Whether every role binding reaches pods: the service account it names is rendered by a
 * release and runs at least one workload. A typo in either name leaves the pods on the node
 * role (or without credentials) and the association bound to nothing; AWS accepts both.
 */
export function identityProblems(
  bindings: readonly IdentityBinding[],
  releases: readonly ReleaseObjects[],
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const all = releases.flatMap(({ release, objects }) =>
    objects.map((manifest) => ({ release, manifest })),
  );
  const namespaceOf = (manifest: Manifest) => manifest.metadata?.namespace ?? 'default';
  for (const binding of bindings) {
    const account = all.find(
      ({ manifest }) =>
        manifest.kind === 'ServiceAccount' &&
        manifest.metadata?.name === binding.serviceAccount &&
        namespaceOf(manifest) === binding.namespace,
    );
    const users = all.filter(
      ({ manifest }) =>
        (isWorkload(manifest) || isOperatorWorkload(manifest)) &&
        namespaceOf(manifest) === binding.namespace &&
        serviceAccountOf(manifest) === binding.serviceAccount,
    );
    const where = `${binding.namespace}/${binding.serviceAccount}`;
    const owner =
      account?.release ??
      users[0]?.release ??
      all.find(({ manifest }) => namespaceOf(manifest) === binding.namespace)?.release ??
      releases[0]?.release;
    if (!owner) continue;
    const message = !account
      ? `${binding.source} binds an AWS role to ServiceAccount ${where}, which no release renders`
      : users.length === 0
        ? `${binding.source} binds an AWS role to ServiceAccount ${where}, which no workload runs as`
        : undefined;
    if (message) problems.set(owner, [...(problems.get(owner) ?? []), message]);
  }
  return problems;
}
