import { alertSourceProblems, selects } from './alert-sources';
import { Manifest } from './crd-schemas';
import { ScrapeablePod } from './metric-sources';
import { seriesSelectors } from './promql';

describe('seriesSelectors (the Prometheus project grammar)', () => {
  it('finds every series a rule reads, with its equality matchers', () => {
    expect(
      seriesSelectors(
        'sum(rate(istio_requests_total{reporter="destination",code=~"5.."}[5m])) / absent(up{job="kube-scheduler"} == 1) or {__name__="x"}',
      ),
    ).toEqual([
      {
        metric: 'istio_requests_total',
        labels: { reporter: 'destination' },
        patterns: { code: /^(?:5..)$/ },
      },
      { metric: 'up', labels: { job: 'kube-scheduler' }, patterns: {} },
      { metric: 'x', labels: { __name__: 'x' }, patterns: {} },
    ]);
  });

  it('refuses an expression Prometheus would refuse', () => {
    expect(() => seriesSelectors('sum(rate(x[5m]) >')).toThrow(/PromQL syntax error/);
  });
});

describe('selects', () => {
  it('follows Kubernetes label selector rules', () => {
    expect(selects({}, { a: 'b' })).toBe(true);
    expect(selects(undefined, { a: 'b' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { a: 'b' })).toBe(
      true,
    );
    expect(selects({ matchLabels: { a: 'c' } }, { a: 'b' })).toBe(false);
  });
});

/** A monitoring stack in miniature: Prometheus, one rule, and what it could scrape. */
function stack(options: { podMonitor: boolean; ruleLabels?: Record<string, string> }) {
  const prometheus: Manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    metadata: { name: 'p', namespace: 'monitoring' },
    spec: {
      podMonitorSelector: {},
      podMonitorNamespaceSelector: {},
      ruleSelector: { matchLabels: { release: 'kps' } },
      ruleNamespaceSelector: {},
    },
  };
  const rule: Manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'slo',
      namespace: 'monitoring',
      labels: options.ruleLabels ?? { release: 'kps' },
    },
    spec: {
      groups: [
        {
          name: 'slo',
          rules: [
            { record: 'ns:istio_errors:rate5m', expr: 'sum(rate(istio_requests_total[5m]))' },
            { alert: 'HighErrorRate', expr: 'ns:istio_errors:rate5m > 0.01' },
          ],
        },
      ],
    },
  };
  const podMonitor: Manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'envoy', namespace: 'monitoring' },
    spec: {
      namespaceSelector: { any: true },
      selector: { matchExpressions: [{ key: 'security.istio.io/tlsMode', operator: 'Exists' }] },
      podMetricsEndpoints: [{ port: 'http-envoy-prom' }],
    },
  };
  return [
    {
      release: 'kps',
      objects: [prometheus, rule, ...(options.podMonitor ? [podMonitor] : [])],
    },
  ];
}

const meshedPod: ScrapeablePod = {
  namespace: 'gateway',
  labels: { 'security.istio.io/tlsMode': 'istio' },
  ports: [{ name: 'http-envoy-prom', port: 15090 }],
  containers: ['app', 'istio-proxy'],
  origin: 'test',
};

describe('alertSourceProblems', () => {
  it('passes an alert whose series come, through a recording rule, from a scraped exporter', () => {
    expect(alertSourceProblems(stack({ podMonitor: true }), [meshedPod])).toEqual(new Map());
  });

  it('finds an alert that can never fire because nothing scrapes its exporter', () => {
    const problems = alertSourceProblems(stack({ podMonitor: false }), [meshedPod]);
    expect(problems.get('kps')).toEqual([
      'alert HighErrorRate (group slo) can never work: recorded from istio_requests_total comes from Envoy (mesh sidecars and gateways), and no scrape target of it exists',
    ]);
  });

  it("finds scrapes that STRICT mTLS refuses: a meshed pod's intercepted port from outside the mesh", () => {
    const strict: Manifest = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    const [release] = stack({ podMonitor: true });
    const withStrict = [{ ...release, objects: [...release.objects, strict] }];
    // Envoy's stats port is never intercepted: still scraped.
    expect(alertSourceProblems(withStrict, [meshedPod])).toEqual(new Map());
    // The same metrics on an intercepted port: the sidecar refuses Prometheus's plaintext.
    const intercepted = { ...meshedPod, ports: [{ name: 'http-envoy-prom', port: 8080 }] };
    expect(alertSourceProblems(withStrict, [intercepted]).get('kps')?.[0]).toMatch(
      /HighErrorRate .* no scrape target of it exists/,
    );
    // A meshed Prometheus could reach it.
    expect(alertSourceProblems(withStrict, [intercepted], false)).toEqual(new Map());
  });

  it('finds rules Prometheus never loads', () => {
    const problems = alertSourceProblems(stack({ podMonitor: true, ruleLabels: {} }), [meshedPod]);
    expect(problems.get('kps')?.[0]).toMatch(/PrometheusRule monitoring\/slo is not selected/);
  });
});

describe('alertSourceProblems on canary analyses', () => {
  const prometheusService: Manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'prom', namespace: 'monitoring' },
    spec: { ports: [{ port: 9090 }] },
  };
  const analysis = (address: string, query: string): Manifest => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'gateway-slo', namespace: 'gateway' },
    spec: {
      args: [{ name: 'revision' }],
      metrics: [{ name: 'error-rate', provider: { prometheus: { address, query } } }],
    },
  });
  const withAnalysis = (podMonitor: boolean, template: Manifest) => [
    ...stack({ podMonitor }),
    { release: 'gateway', objects: [template] },
    { release: 'prom', objects: [prometheusService] },
  ];
  const query =
    'sum(rate(istio_requests_total{destination_canonical_revision="{{args.revision}}"}[2m]))';

  it('passes an analysis whose metric is scraped, from a Prometheus Service that exists', () => {
    const problems = alertSourceProblems(
      withAnalysis(true, analysis('http://prom.monitoring.svc.cluster.local:9090', query)),
      [meshedPod],
    );
    expect(problems).toEqual(new Map());
  });

  it('finds an analysis that can never fail a canary: its metric has no scrape target', () => {
    const problems = alertSourceProblems(
      withAnalysis(false, analysis('http://prom.monitoring.svc.cluster.local:9090', query)),
      [meshedPod],
    );
    expect(problems.get('gateway')).toEqual([
      'analysis gateway-slo/error-rate can never fail a canary: istio_requests_total comes from Envoy (mesh sidecars and gateways), and no scrape target of it exists',
    ]);
  });

  it('finds an analysis whose Prometheus address reaches no rendered Service port', () => {
    const problems = alertSourceProblems(
      withAnalysis(true, analysis('http://prometheus.monitoring.svc.cluster.local:9091', query)),
      [meshedPod],
    );
    expect(problems.get('gateway')).toEqual([
      'analysis gateway-slo/error-rate can never run: its Prometheus address http://prometheus.monitoring.svc.cluster.local:9091 names Service monitoring/prometheus, which no release renders',
    ]);
  });
});

describe('alertSourceProblems on dashboards', () => {
  const dashboard = (expr: string): Manifest =>
    ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'gateway-dashboard',
        namespace: 'gateway',
        labels: { grafana_dashboard: '1' },
      },
      data: {
        'gateway.json': JSON.stringify({ panels: [{ title: 'Requests', targets: [{ expr }] }] }),
      },
    }) as Manifest;

  it('finds a panel whose series nothing scrapes, and passes it once something does', () => {
    const objects = (podMonitor: boolean) => [
      ...stack({ podMonitor }),
      { release: 'gateway', objects: [dashboard('sum(rate(istio_requests_total[5m]))')] },
    ];
    expect(alertSourceProblems(objects(true), [meshedPod]).get('gateway')).toBeUndefined();
    expect(alertSourceProblems(objects(false), [meshedPod]).get('gateway')).toEqual([
      'dashboard gateway-dashboard/gateway.json panel "Requests" can never show data: istio_requests_total comes from Envoy (mesh sidecars and gateways), and no scrape target of it exists',
    ]);
  });
});
