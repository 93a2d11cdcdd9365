/**
 * Helm post-renderer of the local cluster (local only): Istio's sidecar injection, done where
 * istiod's webhook would do it, since the webhook needs istiod's container and the local API
 * server calls no webhooks. It runs the same injector the chart check runs (strata-admission:
 * Istio's own code on the cluster's live injector configuration) on each pod template the
 * webhook would take, judged by the live namespace labels and the webhook's existence, so a
 * release installed before istiod is not injected, as on EKS. Everything else passes through.
 *
 *   node injection-postrender.js <config.json> <release namespace>  < manifests > manifests
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from '../charts/crd-schemas';
import {
  admit,
  isWorkload,
  meshInjectionFrom,
  namespacePolicy,
  webhookInjects,
  withAdmittedPod,
  WorkloadAdmission,
} from '../charts/pod-security';
import { admittedAs } from '../charts/rollout-view';
import { KubeAccess, kubeList, kubeRequest } from './kube-api';

/** What the flow writes for the post-renderer: the cluster and the injector program. */
export interface InjectionConfig {
  readonly access: KubeAccess;
  readonly admission: string;
  /** `1.34`: the injector's native-sidecar choice depends on it. */
  readonly kubernetesVersion: string;
}

const ISTIO_NAMESPACE = 'istio-system';
const INJECTOR_WEBHOOK = 'istio-sidecar-injector';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main(): Promise<void> {
  const [configFile, releaseNamespace] = process.argv.slice(2);
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as InjectionConfig;
  const input = await readStdin();
  // Read as Helm reads it (YAML 1.1: `yes` and `on` are booleans); written back as JSON, which
  // no YAML version reads differently.
  const manifests = parseAllDocuments(input, { version: '1.1' })
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);

  const webhook = await kubeRequest(
    config.access,
    'GET',
    `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/${INJECTOR_WEBHOOK}`,
  );
  const configMaps = await kubeList<Manifest & { metadata: { name: string } }>(
    config.access,
    `/api/v1/namespaces/${ISTIO_NAMESPACE}/configmaps`,
  ).catch(() => []);
  // List items carry no kind; the injector's reader looks ConfigMaps up by kind and name.
  const mesh = meshInjectionFrom(configMaps.map((object) => ({ ...object, kind: 'ConfigMap' })));
  if (webhook.status !== 200 || !mesh) {
    process.stdout.write(input);
    return;
  }
  const namespaces = new Map(
    (await kubeList(config.access, '/api/v1/namespaces')).map((namespace) => [
      namespace.metadata.name,
      namespace.metadata.labels ?? {},
    ]),
  );
  const workloads: WorkloadAdmission[] = [];
  manifests.forEach((manifest, index) => {
    if (!isWorkload(manifest)) return;
    const namespace = manifest.metadata?.namespace ?? releaseNamespace;
    const labels = namespaces.get(namespace) ?? {};
    const policy = namespacePolicy(labels, `namespace ${namespace}`);
    if (!webhookInjects(manifest, policy)) return;
    workloads.push({
      id: String(index),
      level: policy.level,
      inject: true,
      // A Rollout's pods come from a ReplicaSet its controller makes; the injector sees that.
      manifest: admittedAs(manifest),
      namespace,
      namespaceLabels: labels,
    });
  });
  if (workloads.length === 0) {
    process.stdout.write(input);
    return;
  }
  const results = admit(config.admission, config.kubernetesVersion, mesh, workloads);
  const admitted = [...manifests];
  for (const result of results) {
    if (result.error) throw new Error(`injecting ${result.id}: ${result.error}`);
    admitted[Number(result.id)] = withAdmittedPod(manifests[Number(result.id)], result);
  }
  process.stdout.write(admitted.map((manifest) => `---\n${JSON.stringify(manifest)}\n`).join(''));
}

main().catch((error: unknown) => {
  console.error(`injection post-renderer: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
