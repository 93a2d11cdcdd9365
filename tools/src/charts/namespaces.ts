import { EKS_MANAGED_ADDON_NAMESPACES } from '@strata/constructs';
import { Manifest } from './crd-schemas';

/** Namespaces every Kubernetes API server has before anything is installed. */
export const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Namespaces that exist before the addons stack applies: the API server's own, and the ones
 * the cluster stack's EKS managed add-ons create.
 */
export const PRE_EXISTING_NAMESPACES: ReadonlySet<string> = new Set([
  ...BUILT_IN_NAMESPACES,
  ...EKS_MANAGED_ADDON_NAMESPACES,
]);

/** Built-in kinds that live outside any namespace (a namespace written on them is ignored). */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** `group/Kind` of every custom resource kind the stack's CRDs declare `Cluster`-scoped. */
export function clusterScopedCustomKinds(crds: readonly Manifest[]): Set<string> {
  const kinds = new Set<string>();
  for (const crd of crds) {
    const spec = crd.spec as
      { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.scope === 'Cluster' && spec.names?.kind)
      kinds.add(`${spec.group}/${spec.names.kind}`);
  }
  return kinds;
}

export function isNamespaced(
  manifest: Manifest,
  clusterScopedCustom: ReadonlySet<string>,
): boolean {
  const group = manifest.apiVersion?.includes('/') ? manifest.apiVersion.split('/')[0] : '';
  if (clusterScopedCustom.has(`${group}/${manifest.kind}`)) return false;
  return !CLUSTER_SCOPED_KINDS.has(manifest.kind ?? '');
}

/** One Helm installation as the namespace check reads it. */
export interface NamespacedRelease {
  readonly release: string;
  /** Where Helm keeps the release's record and puts objects that name no namespace. */
  readonly namespace: string;
  /** The installation creates its own namespace (`create_namespace`). */
  readonly createsNamespace?: boolean;
  readonly objects: readonly Manifest[];
}

/**
 * The namespaces a release needs that nothing creates, as messages by release. Helm refuses to
 * install into a namespace that does not exist (it keeps the release record there), and the API
 * server refuses every namespaced object whose namespace is missing, so on a real cluster the
 * apply fails; a check that took such a namespace as "unlabelled, so privileged" passed it.
 */
export function namespaceProblems(
  releases: readonly NamespacedRelease[],
  /** Namespaces created in the stack: its namespace resources and the Namespace objects rendered. */
  created: ReadonlySet<string>,
  clusterScopedCustom: ReadonlySet<string>,
): Map<string, string[]> {
  const exists = new Set([...PRE_EXISTING_NAMESPACES, ...created]);
  for (const release of releases) if (release.createsNamespace) exists.add(release.namespace);
  const problems = new Map<string, string[]>();
  for (const release of releases) {
    const missing = new Map<string, string[]>();
    const need = (namespace: string, what: string) =>
      missing.set(namespace, [...(missing.get(namespace) ?? []), what]);
    if (!exists.has(release.namespace)) need(release.namespace, 'the release itself');
    for (const object of release.objects) {
      const namespace = object.metadata?.namespace;
      if (namespace && !exists.has(namespace) && isNamespaced(object, clusterScopedCustom)) {
        need(namespace, `${object.kind}/${object.metadata?.name}`);
      }
    }
    const messages = [...missing].map(
      ([namespace, needs]) =>
        `namespace ${namespace} is created by no stack (needed by ${[...new Set(needs)].join(', ')}): ` +
        `add it to the addons stack's namespaces (apps/cluster/src/addon-namespaces.ts) or have a ` +
        `release render it; it is not one of ${[...PRE_EXISTING_NAMESPACES].join(', ')}`,
    );
    if (messages.length > 0) problems.set(release.release, messages);
  }
  return problems;
}
