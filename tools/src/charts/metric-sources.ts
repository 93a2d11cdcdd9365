/**
 * Facts the alert-source check needs that no chart renders: which exporter produces which
 * metric families, and what an EKS cluster runs without any chart.
 */

/** A pod as Prometheus would find it: its labels and named ports. */
export interface ScrapeablePod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number }>;
  readonly containers: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  /** Where it comes from: a release, or the cluster itself. */
  readonly origin: string;
}

/** A scrape target a monitor resolves to. */
export interface ScrapeTarget {
  readonly job: string;
  readonly namespace: string;
  /** The pod behind the target; absent for endpoints outside the cluster's pods. */
  readonly pod?: ScrapeablePod;
  /** `apiserver` or `kubelet` for the endpoints EKS manages. */
  readonly external?: 'apiserver' | 'kubelet';
  /** The monitor that finds it. */
  readonly monitor: string;
}

/** One exporter: the metric families it produces, and how to recognise its targets. */
export interface Exporter {
  readonly name: string;
  readonly metrics: RegExp;
  readonly isTarget: (target: ScrapeTarget) => boolean;
  /** Produced by Prometheus itself while it evaluates rules: no scrape needed. */
  readonly internal?: boolean;
}

const podLabel = (key: string, value: string) => (target: ScrapeTarget) =>
  target.pod?.labels[key] === value;

/**
 * Exporters the platform's rules read, first match wins. Series every target has (`up`,
 * `scrape_*`) and client-library families (`go_*`, `process_*`) come from any target.
 */
export const EXPORTERS: readonly Exporter[] = [
  {
    name: 'any scrape target',
    metrics:
      /^(up|scrape_[a-z_]+|go_[a-z_]+|process_[a-z_]+|rest_client_[a-z_]+|workqueue_[a-z_]+|grpc_server_[a-z_]+)$/,
    isTarget: () => true,
  },
  {
    name: 'Prometheus rule evaluation',
    metrics: /^ALERTS(_FOR_STATE)?$/,
    isTarget: () => true,
    internal: true,
  },
  {
    name: "the Prometheus Operator's config-reloader sidecar",
    metrics: /^reloader_/,
    isTarget: (target) => target.pod?.containers.includes('config-reloader') ?? false,
  },
  {
    name: 'kube-state-metrics',
    metrics: /^kube_/,
    isTarget: podLabel('app.kubernetes.io/name', 'kube-state-metrics'),
  },
  {
    name: 'Velero',
    metrics: /^velero_/,
    isTarget: podLabel('app.kubernetes.io/name', 'velero'),
  },
  {
    name: 'node-exporter',
    metrics: /^node_/,
    isTarget: podLabel('app.kubernetes.io/name', 'prometheus-node-exporter'),
  },
  {
    name: 'kubelet (cAdvisor, volume stats, probes)',
    metrics:
      /^(kubelet_|container_|machine_|volume_manager_|storage_operation_|prober_|kubernetes_build_info$|csi_operations_)/,
    isTarget: (target) => target.external === 'kubelet',
  },
  {
    name: 'Kubernetes API server',
    metrics:
      /^(apiserver_|aggregator_|etcd_request_|etcd_bookmark_|authentication_|code_resource:)/,
    isTarget: (target) => target.external === 'apiserver',
  },
  {
    name: 'Envoy (mesh sidecars and gateways)',
    metrics: /^(istio_|envoy_)/,
    isTarget: (target) => target.pod?.containers.includes('istio-proxy') ?? false,
  },
  {
    name: 'istiod',
    metrics: /^(pilot_|citadel_|sidecar_injection_)/,
    isTarget: podLabel('app', 'istiod'),
  },
  {
    name: 'cert-manager controller',
    metrics: /^certmanager_/,
    isTarget: (target) =>
      target.pod?.labels['app.kubernetes.io/name'] === 'cert-manager' &&
      target.pod.labels['app.kubernetes.io/component'] === 'controller',
  },
  { name: 'CoreDNS', metrics: /^coredns_/, isTarget: podLabel('k8s-app', 'kube-dns') },
  {
    name: 'Prometheus Operator',
    metrics: /^prometheus_operator_/,
    isTarget: podLabel('app.kubernetes.io/name', 'kube-prometheus-stack-prometheus-operator'),
  },
  {
    name: 'Prometheus',
    metrics: /^(prometheus_|prometheus$|net_conntrack_)/,
    isTarget: podLabel('app.kubernetes.io/name', 'prometheus'),
  },
  {
    name: 'Alertmanager',
    metrics: /^alertmanager_/,
    isTarget: podLabel('app.kubernetes.io/name', 'alertmanager'),
  },
  {
    name: 'Grafana',
    metrics: /^grafana_/,
    isTarget: podLabel('app.kubernetes.io/name', 'grafana'),
  },
  // Control-plane components EKS runs out of the cluster's reach: nothing can be their target.
  { name: 'etcd', metrics: /^etcd_/, isTarget: () => false },
  { name: 'kube-scheduler', metrics: /^scheduler_/, isTarget: () => false },
  {
    name: 'kube-controller-manager',
    metrics: /^(node_collector_|endpoint_slice_controller_)/,
    isTarget: () => false,
  },
  { name: 'kube-proxy', metrics: /^kubeproxy_/, isTarget: () => false },
  {
    name: 'Windows exporter',
    metrics: /^windows_/,
    isTarget: podLabel('app.kubernetes.io/name', 'prometheus-windows-exporter'),
  },
];

/**
 * Ports of a meshed pod the sidecar never intercepts: Envoy's own stats (15090), the agent's
 * merged metrics (15020) and its health port (15021), plus what the pod's annotation excludes.
 * Only these answer a client outside the mesh once mTLS is STRICT.
 */
export function portsOutsideMesh(pod: ScrapeablePod): Set<number> {
  const excluded = pod.annotations?.['traffic.sidecar.istio.io/excludeInboundPorts'] ?? '';
  return new Set([
    15090,
    15020,
    15021,
    ...excluded
      .split(',')
      .map((port) => Number(port.trim()))
      .filter((port) => port > 0),
  ]);
}

/** Pods every EKS cluster runs from its managed add-ons, which no chart renders. */
export const CLUSTER_PODS: readonly ScrapeablePod[] = [
  {
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
    ports: [{ name: 'metrics', port: 9153 }],
    containers: ['coredns'],
    origin: 'EKS add-on coredns',
  },
  {
    // kube-proxy serves metrics on 127.0.0.1:10249 only: there is no port to scrape.
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-proxy' },
    ports: [],
    containers: ['kube-proxy'],
    origin: 'EKS add-on kube-proxy',
  },
];

/**
 * The pods the Prometheus Operator runs for a Prometheus or Alertmanager resource: no chart
 * renders them. Labels and named ports as its StatefulSets give them.
 */
export function operatorPods(
  kind: 'Prometheus' | 'Alertmanager',
  name: string,
  namespace: string,
  podLabels: Readonly<Record<string, string>> = {},
): ScrapeablePod {
  const main = kind === 'Prometheus' ? 'prometheus' : 'alertmanager';
  return {
    namespace,
    labels: {
      ...podLabels,
      'app.kubernetes.io/name': main,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      [main]: name,
      ...(kind === 'Prometheus'
        ? { 'operator.prometheus.io/name': name, 'operator.prometheus.io/shard': '0' }
        : {}),
    },
    ports: [
      { name: 'http-web', port: kind === 'Prometheus' ? 9090 : 9093 },
      { name: 'reloader-web', port: 8080 },
    ],
    containers: [main, 'config-reloader'],
    origin: `${kind} ${namespace}/${name} (Prometheus Operator)`,
  };
}

/** The API server's Service, present in every cluster; its endpoints are the control plane. */
export const APISERVER_SERVICE = {
  namespace: 'default',
  name: 'kubernetes',
  labels: { component: 'apiserver', provider: 'kubernetes' },
  ports: [{ name: 'https', port: 443 }],
} as const;

/**
 * The kubelet Service the Prometheus Operator maintains from the node list when started with
 * `--kubelet-service=<namespace>/<name>`.
 */
export const KUBELET_SERVICE_LABELS = {
  'app.kubernetes.io/name': 'kubelet',
  'k8s-app': 'kubelet',
} as const;
export const KUBELET_SERVICE_PORTS = [
  { name: 'https-metrics', port: 10250 },
  { name: 'http-metrics', port: 10255 },
  { name: 'cadvisor', port: 4194 },
] as const;
