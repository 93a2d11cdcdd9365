/**
 * Where the add-ons' images come from: the registries and repositories their pinned charts
 * name, and nothing else. The admission policies allow exactly these outside the component
 * namespaces; the add-on check proves every rendered image is one of them.
 */
export const PLATFORM_IMAGE_SOURCES: readonly string[] = [
  // Istio's proxy, istiod and CNI agent.
  'registry.istio.io/release/',
  'quay.io/argoproj/',
  // Argo CD's redis and haproxy, from the chart's defaults.
  'ecr-public.aws.com/docker/library/',
  'oci.external-secrets.io/external-secrets/',
  // metrics-server, kube-state-metrics, external-dns, the admission webhook's cert job.
  'registry.k8s.io/',
  'quay.io/prometheus/',
  'quay.io/prometheus-operator/',
  // Grafana and its dashboard sidecar.
  'docker.io/grafana/',
  'quay.io/kiwigrid/',
  'quay.io/jetstack/',
  'public.ecr.aws/karpenter/',
  'ghcr.io/kedacore/',
  'public.ecr.aws/eks/',
  'docker.io/otel/',
  'docker.io/hashicorp/',
  // The AWS CLI that uploads Vault's raft snapshots (AWS_CLI_IMAGE).
  'public.ecr.aws/aws-cli/',
  'docker.io/velero/',
  // Fluent Bit, the node log agent.
  'cr.fluentbit.io/fluent/',
];

/** The mesh's sidecar, which Istio injects into the component pods too. */
export const MESH_PROXY_IMAGE_SOURCE = 'registry.istio.io/release/';

/** This account's ECR in one region: where the component images are pushed. */
export function accountRegistry(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com/`;
}
