import { Manifest } from './crd-schemas';
import { serviceAddress, serviceAt } from './service-address';
import {
  APISERVER_SERVICE,
  CLUSTER_PODS,
  EXPORTERS,
  KUBELET_SERVICE_LABELS,
  KUBELET_SERVICE_PORTS,
  operatorPods,
  portsOutsideMesh,
  ScrapeablePod,
  ScrapeTarget,
} from './metric-sources';
import { seriesSelectors, SeriesSelector } from './promql';

type Labels = Readonly<Record<string, string>>;

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }>;
}

/** Kubernetes label selector semantics; an undefined selector matches nothing. */
export function selects(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = expression.key in labels;
    const value = labels[expression.key];
    const values = expression.values ?? [];
    if (expression.operator === 'Exists' && !has) return false;
    if (expression.operator === 'DoesNotExist' && has) return false;
    if (expression.operator === 'In' && !(has && values.includes(value))) return false;
    if (expression.operator === 'NotIn' && has && values.includes(value)) return false;
  }
  return true;
}

interface NamespaceSelection {
  readonly any?: boolean;
  readonly matchNames?: readonly string[];
}

function inNamespaces(selection: NamespaceSelection | undefined, own: string, namespace: string) {
  if (selection?.any) return true;
  if (selection?.matchNames?.length) return selection.matchNames.includes(namespace);
  return namespace === own;
}

/**
 * Whether a Prometheus resource's namespace selector takes `namespace`: `{}` takes all, an
 * absent one only Prometheus's own namespace (the Prometheus Operator's rule).
 */
function prometheusTakes(
  selector: LabelSelector | undefined,
  own: string,
  namespace: string,
): boolean {
  if (!selector) return namespace === own;
  return selects(selector, { 'kubernetes.io/metadata.name': namespace });
}

interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ports: ReadonlyArray<{
    readonly name?: string;
    readonly port: number;
    readonly targetPort?: number | string;
  }>;
  readonly selector?: Labels;
  readonly external?: 'apiserver' | 'kubelet';
}

interface Relabeling {
  readonly targetLabel?: string;
  readonly replacement?: string;
  readonly action?: string;
}

function jobOverride(relabelings: readonly Relabeling[] | undefined): string | undefined {
  const job = (relabelings ?? []).find(
    (relabeling) =>
      relabeling.targetLabel === 'job' && (relabeling.action ?? 'replace') === 'replace',
  );
  return job?.replacement;
}

/** One release's rendering, as the check sees it. */
export interface ReleaseObjects {
  readonly release: string;
  readonly objects: readonly Manifest[];
}

function servicesOf(
  objects: readonly Manifest[],
  defaultNamespace: (manifest: Manifest) => string,
): Service[] {
  const services: Service[] = [
    { ...APISERVER_SERVICE, ports: [...APISERVER_SERVICE.ports], external: 'apiserver' },
  ];
  for (const manifest of objects) {
    if (manifest.kind === 'Service') {
      const spec = manifest.spec as { selector?: Labels; ports?: Service['ports'] };
      services.push({
        namespace: defaultNamespace(manifest),
        name: manifest.metadata?.name ?? '',
        labels: manifest.metadata?.labels ?? {},
        ports: spec.ports ?? [],
        selector: spec.selector,
      });
    }
    // The operator keeps a kubelet Service (the nodes) when started with --kubelet-service.
    const containers =
      (manifest.kind === 'Deployment' &&
        (manifest.spec as { template?: { spec?: { containers?: Array<{ args?: string[] }> } } })
          .template?.spec?.containers) ||
      [];
    for (const container of containers) {
      for (const arg of container.args ?? []) {
        const match = /^--kubelet-service=([^/]+)\/(.+)$/.exec(arg);
        if (match) {
          services.push({
            namespace: match[1],
            name: match[2],
            labels: KUBELET_SERVICE_LABELS,
            ports: [...KUBELET_SERVICE_PORTS],
            external: 'kubelet',
          });
        }
      }
    }
  }
  return services;
}

/** The scrape targets Prometheus ends up with: its monitors resolved against pods and Services. */
export function scrapeTargets(
  releases: readonly ReleaseObjects[],
  pods: readonly ScrapeablePod[],
  /** Prometheus has no sidecar (its namespace is not injected). */
  scraperOutsideMesh = true,
): {
  targets: ScrapeTarget[];
  prometheus?: Manifest;
  rules: Array<{ release: string; rule: Manifest }>;
} {
  const namespaceOf = new Map<Manifest, string>();
  const all: Manifest[] = [];
  for (const { release, objects } of releases) {
    for (const object of objects) {
      all.push(object);
      // helm template leaves some objects without a namespace; they land in the release's.
      namespaceOf.set(object, object.metadata?.namespace ?? releaseNamespace(release, releases));
    }
  }
  const ns = (manifest: Manifest) => namespaceOf.get(manifest) ?? 'default';
  const prometheus = all.find(
    (object) => object.kind === 'Prometheus' && object.apiVersion === 'monitoring.coreos.com/v1',
  );
  const rules = releases.flatMap(({ release, objects }) =>
    objects.filter((object) => object.kind === 'PrometheusRule').map((rule) => ({ release, rule })),
  );
  if (!prometheus) return { targets: [], rules };
  const spec = prometheus.spec as {
    serviceMonitorSelector?: LabelSelector;
    serviceMonitorNamespaceSelector?: LabelSelector;
    podMonitorSelector?: LabelSelector;
    podMonitorNamespaceSelector?: LabelSelector;
  };
  const promNamespace = ns(prometheus);
  const services = servicesOf(all, ns);
  const managed = all
    .filter(
      (object) =>
        (object.kind === 'Prometheus' || object.kind === 'Alertmanager') &&
        object.apiVersion === 'monitoring.coreos.com/v1',
    )
    .map((object) =>
      operatorPods(
        object.kind as 'Prometheus' | 'Alertmanager',
        object.metadata?.name ?? '',
        ns(object),
        (object.spec as { podMetadata?: { labels?: Labels } }).podMetadata?.labels,
      ),
    );
  const allPods = [...pods, ...CLUSTER_PODS, ...managed];
  // Under STRICT mTLS a meshed pod refuses plaintext on every port its sidecar intercepts.
  const strict = all.some(
    (object) =>
      object.kind === 'PeerAuthentication' &&
      (object.spec as { mtls?: { mode?: string } }).mtls?.mode === 'STRICT' &&
      !(object.spec as { selector?: unknown }).selector,
  );
  const reachable = (pod: ScrapeablePod, port: number | undefined) =>
    !strict ||
    !scraperOutsideMesh ||
    !pod.containers.includes('istio-proxy') ||
    (port !== undefined && portsOutsideMesh(pod).has(port));
  const targets: ScrapeTarget[] = [];
  /** The monitors of a kind that Prometheus's selectors take. */
  const selected = (
    kind: 'ServiceMonitor' | 'PodMonitor',
    selector: LabelSelector | undefined,
    namespaceSelector: LabelSelector | undefined,
  ) =>
    all.filter(
      (object) =>
        object.kind === kind &&
        prometheusTakes(namespaceSelector, promNamespace, ns(object)) &&
        selects(selector, object.metadata?.labels ?? {}),
    );

  for (const monitor of selected(
    'ServiceMonitor',
    spec.serviceMonitorSelector,
    spec.serviceMonitorNamespaceSelector,
  )) {
    const own = ns(monitor);
    const ms = monitor.spec as {
      selector?: LabelSelector;
      namespaceSelector?: NamespaceSelection;
      jobLabel?: string;
      endpoints?: ReadonlyArray<{
        port?: string;
        targetPort?: number | string;
        relabelings?: Relabeling[];
      }>;
    };
    for (const service of services) {
      if (!inNamespaces(ms.namespaceSelector, own, service.namespace)) continue;
      if (!selects(ms.selector ?? {}, service.labels)) continue;
      for (const endpoint of ms.endpoints ?? []) {
        const port = service.ports.find(
          (candidate) =>
            (endpoint.port !== undefined && candidate.name === endpoint.port) ||
            (endpoint.targetPort !== undefined && candidate.targetPort === endpoint.targetPort),
        );
        if (!port) continue;
        const job =
          jobOverride(endpoint.relabelings) ??
          (ms.jobLabel && service.labels[ms.jobLabel]) ??
          service.name;
        const base = {
          job,
          namespace: service.namespace,
          monitor: `ServiceMonitor ${own}/${monitor.metadata?.name}`,
        };
        if (service.external) {
          targets.push({ ...base, external: service.external });
          continue;
        }
        const selector = service.selector;
        for (const pod of allPods) {
          if (pod.namespace !== service.namespace || !selector) continue;
          if (!Object.entries(selector).every(([key, value]) => pod.labels[key] === value))
            continue;
          const target = port.targetPort ?? port.port;
          const open = pod.ports.find((candidate) =>
            typeof target === 'number' ? candidate.port === target : candidate.name === target,
          );
          if (open && reachable(pod, open.port)) targets.push({ ...base, pod });
        }
      }
    }
  }

  for (const monitor of selected(
    'PodMonitor',
    spec.podMonitorSelector,
    spec.podMonitorNamespaceSelector,
  )) {
    const own = ns(monitor);
    const ms = monitor.spec as {
      selector?: LabelSelector;
      namespaceSelector?: NamespaceSelection;
      jobLabel?: string;
      podMetricsEndpoints?: ReadonlyArray<{
        port?: string;
        portNumber?: number;
        relabelings?: Relabeling[];
      }>;
    };
    for (const pod of allPods) {
      if (!inNamespaces(ms.namespaceSelector, own, pod.namespace)) continue;
      if (!selects(ms.selector ?? {}, pod.labels)) continue;
      for (const endpoint of ms.podMetricsEndpoints ?? []) {
        const open = pod.ports.find(
          (candidate) =>
            (endpoint.port !== undefined && candidate.name === endpoint.port) ||
            (endpoint.portNumber !== undefined && candidate.port === endpoint.portNumber),
        );
        if (!open || !reachable(pod, open.port)) continue;
        const job =
          jobOverride(endpoint.relabelings) ??
          (ms.jobLabel && pod.labels[ms.jobLabel]) ??
          `${own}/${monitor.metadata?.name}`;
        targets.push({
          job,
          namespace: pod.namespace,
          pod,
          monitor: `PodMonitor ${own}/${monitor.metadata?.name}`,
        });
      }
    }
  }
  return { targets, prometheus, rules };
}

function releaseNamespace(release: string, releases: readonly ReleaseObjects[]): string {
  return (
    releases.find((candidate) => candidate.release === release)?.objects[0]?.metadata?.namespace ??
    'default'
  );
}

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
}

/**
 * For every alert Prometheus loads, whether each series it reads has a source: a recording
 * rule whose own inputs have one, or a scrape target of the exporter that produces the metric
 * (with the `job` it names). Returns findings by the release that renders the rule.
 */
export function alertSourceProblems(
  releases: readonly ReleaseObjects[],
  pods: readonly ScrapeablePod[],
  scraperOutsideMesh = true,
): Map<string, string[]> {
  const findings = new Map<string, string[]>();
  const add = (release: string, message: string) =>
    findings.set(release, [...(findings.get(release) ?? []), message]);
  const { targets, prometheus, rules } = scrapeTargets(releases, pods, scraperOutsideMesh);
  const analyses = analysisQueries(releases);
  if (rules.length === 0 && analyses.length === 0 && dashboardQueries(releases).length === 0)
    return findings;
  if (!prometheus) {
    for (const { release } of rules)
      add(release, 'alert rules are rendered, but no Prometheus loads them');
    return findings;
  }
  const spec = prometheus.spec as {
    ruleSelector?: LabelSelector;
    ruleNamespaceSelector?: LabelSelector;
  };
  const promNamespace = prometheus.metadata?.namespace ?? 'default';
  const loaded: Array<{ release: string; group: string; rule: Rule }> = [];
  for (const { release, rule } of rules) {
    const namespace = rule.metadata?.namespace ?? promNamespace;
    if (
      !prometheusTakes(spec.ruleNamespaceSelector, promNamespace, namespace) ||
      !selects(spec.ruleSelector, rule.metadata?.labels ?? {})
    ) {
      add(
        release,
        `PrometheusRule ${namespace}/${rule.metadata?.name} is not selected by Prometheus: none of its alerts is evaluated`,
      );
      continue;
    }
    const groups = (rule.spec as { groups?: Array<{ name: string; rules?: Rule[] }> }).groups ?? [];
    for (const group of groups) {
      for (const entry of group.rules ?? [])
        loaded.push({ release, group: group.name, rule: entry });
    }
  }
  const recorded = new Map<string, Rule[]>();
  for (const { rule } of loaded) {
    if (rule.record) recorded.set(rule.record, [...(recorded.get(rule.record) ?? []), rule]);
  }

  const memo = new Map<string, string | null>();
  /** Why `selector` has no source, or null when it has one. */
  const missing = (selector: SeriesSelector, visiting: Set<string>): string | null => {
    const key = `${selector.metric}|${selector.labels.job ?? ''}|${selector.patterns.job?.source ?? ''}`;
    if (memo.has(key)) return memo.get(key) as string | null;
    let reason: string | null;
    const recording = recorded.get(selector.metric);
    if (recording) {
      if (visiting.has(selector.metric)) return null; // a cycle adds no new source
      visiting.add(selector.metric);
      const reasons = recording.map((rule) => inputsMissing(rule, visiting));
      visiting.delete(selector.metric);
      reason = reasons.every((why) => why !== null) ? `recorded from ${reasons[0]}` : null;
    } else {
      const exporter = EXPORTERS.find((candidate) => candidate.metrics.test(selector.metric));
      if (!exporter) {
        reason = `no exporter is known to produce ${selector.metric} (add it to EXPORTERS in tools/src/charts/metric-sources.ts)`;
      } else {
        const job = selector.labels.job;
        const jobPattern = selector.patterns.job;
        const found =
          exporter.internal ||
          targets.some(
            (target) =>
              exporter.isTarget(target) &&
              (job === undefined || target.job === job) &&
              (jobPattern === undefined || jobPattern.test(target.job)),
          );
        reason = found
          ? null
          : `${describe(selector)} comes from ${exporter.name}, and no scrape target ${job ? `with job "${job}" ` : jobPattern ? `with a job matching ${jobPattern.source} ` : ''}of it exists`;
      }
    }
    memo.set(key, reason);
    return reason;
  };
  const inputsMissing = (rule: Rule, visiting: Set<string>): string | null => {
    for (const selector of seriesSelectors(rule.expr)) {
      const why = missing(selector, visiting);
      if (why) return why;
    }
    return null;
  };
  /** Why an expression reads a series without a source (a syntax error included), or null. */
  const sourceMissing = (expr: string): string | null => {
    try {
      return inputsMissing({ expr }, new Set());
    } catch (error) {
      return (error as Error).message;
    }
  };

  for (const { release, group, rule } of loaded) {
    if (!rule.alert) continue;
    const why = sourceMissing(rule.expr);
    const message = `alert ${rule.alert} (group ${group}) can never work: ${why}`;
    if (why && !(findings.get(release) ?? []).includes(message)) add(release, message);
  }
  // A canary analysis reads the same Prometheus: a metric without a source never fails it,
  // so a broken release would be promoted.
  for (const { release, template, metric, query } of analyses) {
    const why = sourceMissing(query);
    if (why) add(release, `analysis ${template}/${metric} can never fail a canary: ${why}`);
  }
  // A dashboard panel whose series has no source shows an empty graph when it is needed most.
  for (const { release, dashboard, panel, expr } of dashboardQueries(releases)) {
    const why = sourceMissing(expr);
    if (why) add(release, `dashboard ${dashboard} panel "${panel}" can never show data: ${why}`);
  }
  for (const { release, template, metric, address } of analyses) {
    const why =
      address === undefined ? 'it names no Prometheus address' : unreachable(address, releases);
    if (why) add(release, `analysis ${template}/${metric} can never run: ${why}`);
  }
  return findings;
}

interface AnalysisQuery {
  readonly release: string;
  readonly template: string;
  readonly metric: string;
  readonly query: string;
  readonly address?: string;
}

/** Why `address` (http://<service>.<namespace>.svc...:<port>) reaches no rendered Service, or null. */
function unreachable(url: string, releases: readonly ReleaseObjects[]): string | null {
  const address = serviceAddress(url);
  if (!address)
    return `its Prometheus address ${url} is not http://<service>.<namespace>.svc.cluster.local:<port>`;
  const { name, namespace, port } = address;
  switch (
    serviceAt(
      address,
      releases.flatMap((release) => release.objects),
    )
  ) {
    case 'no-service':
      return `its Prometheus address ${url} names Service ${namespace}/${name}, which no release renders`;
    case 'no-port':
      return `Service ${namespace}/${name} has no port ${port}`;
    default:
      return null;
  }
}

/** The Prometheus queries of every Argo Rollouts AnalysisTemplate, with their arguments blank. */
function analysisQueries(releases: readonly ReleaseObjects[]): AnalysisQuery[] {
  return releases.flatMap(({ release, objects }) =>
    objects
      .filter(
        (object) => object.kind === 'AnalysisTemplate' || object.kind === 'ClusterAnalysisTemplate',
      )
      .flatMap((template) => {
        const metrics =
          (
            template.spec as {
              metrics?: Array<{
                name: string;
                provider?: { prometheus?: { query?: string; address?: string } };
              }>;
            }
          ).metrics ?? [];
        return metrics.flatMap((metric) => {
          const query = metric.provider?.prometheus?.query;
          return query
            ? [
                {
                  release,
                  template: template.metadata?.name ?? '?',
                  metric: metric.name,
                  address: metric.provider?.prometheus?.address,
                  query: query.replace(/\{\{\s*args\.[\w-]+\s*\}\}/g, 'arg'),
                },
              ]
            : [];
        });
      }),
  );
}

function describe(selector: SeriesSelector): string {
  const job = selector.labels.job;
  return job ? `${selector.metric}{job="${job}"}` : selector.metric;
}

/** The label Grafana's dashboard sidecar loads ConfigMaps by (kube-prometheus-stack's default). */
const DASHBOARD_LABEL = 'grafana_dashboard';

interface DashboardQuery {
  readonly release: string;
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

/** Every Prometheus query of every Grafana dashboard a release renders as a ConfigMap. */
function dashboardQueries(releases: readonly ReleaseObjects[]): DashboardQuery[] {
  return releases.flatMap(({ release, objects }) =>
    objects
      .filter(
        (object) =>
          object.kind === 'ConfigMap' && object.metadata?.labels?.[DASHBOARD_LABEL] === '1',
      )
      .flatMap((configMap) =>
        Object.entries((configMap as { data?: Record<string, string> }).data ?? {}).flatMap(
          ([file, text]) => {
            const dashboard = JSON.parse(text) as { panels?: Panel[] };
            return panelsOf(dashboard.panels ?? []).flatMap((panel) =>
              (panel.targets ?? []).flatMap((target) => {
                const expr = target.expr && grafanaExpr(target.expr);
                return expr
                  ? [
                      {
                        release,
                        dashboard: `${configMap.metadata?.name}/${file}`,
                        panel: panel.title ?? '?',
                        expr,
                      },
                    ]
                  : [];
              }),
            );
          },
        ),
      ),
  );
}

interface Panel {
  readonly title?: string;
  readonly targets?: ReadonlyArray<{ readonly expr?: string }>;
  /** A collapsed row keeps its panels inside it. */
  readonly panels?: readonly Panel[];
}

function panelsOf(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/**
 * A panel's query as Prometheus receives it: Grafana's interval variables become a range. A
 * query over the dashboard's own variables (`$job`, `${cluster}`) depends on what a viewer
 * picks; only Grafana can tell, so it is left out (undefined).
 */
function grafanaExpr(expr: string): string | undefined {
  const ranged = expr.replace(/\$(?:__rate_interval|__interval|__range)\b/g, '5m');
  return /\$\{?\w|\[\[\w/.test(ranged) ? undefined : ranged;
}
