import { Manifest } from './crd-schemas';
import { wiringProblems } from './wiring';

const service = (namespace: string, name: string, port: number, targetPort = port): Manifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { ports: [{ name: 'p', port, targetPort }] },
});

const gateway = (port: number): Manifest => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {
    name: 'front-door',
    namespace: 'istio-ingress',
    annotations: { 'external-dns.alpha.kubernetes.io/target': 'us-east-1.example.com' },
  },
  spec: {
    addresses: [
      { type: 'Hostname', value: 'istio-ingressgateway.istio-ingress.svc.cluster.local' },
    ],
    listeners: [
      {
        name: 'https',
        port,
        allowedRoutes: {
          namespaces: { from: 'Selector', selector: { matchLabels: { door: 'true' } } },
        },
      },
    ],
  },
});

const route = (namespace: string, host: string, backend: string): Manifest => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'r', namespace, annotations: { publish: 'true' } },
  spec: {
    parentRefs: [{ name: 'front-door', namespace: 'istio-ingress', sectionName: 'https' }],
    hostnames: [host],
    rules: [{ backendRefs: [{ name: backend, port: 80 }] }],
  },
});

const externalDns = (sources: string[]): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'external-dns', namespace: 'external-dns' },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'external-dns',
            args: [
              ...sources.map((source) => `--source=${source}`),
              '--annotation-filter=publish=true',
              '--domain-filter=us-east-1.example.com',
            ],
          },
        ],
      },
    },
  },
});

const meshConfig = (host: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'istio', namespace: 'istio-system' },
  data: {
    mesh: `extensionProviders:\n- name: otel\n  opentelemetry: { service: ${host}, port: 4317 }\n`,
  },
});

const labels = new Map([['argocd', { door: 'true' }]]);

const application: Manifest = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'root', namespace: 'argocd' },
  spec: { source: { repoURL: 'https://github.com/example-org/strata.git' } },
};

const serviceEntry = (host: string, port: number): Manifest => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'git', namespace: 'istio-system' },
  spec: { hosts: [host], exportTo: ['argocd'], ports: [{ number: port, protocol: 'TLS' }] },
});

describe('wiringProblems', () => {
  const good = [
    {
      release: 'istio',
      objects: [
        meshConfig('otel-collector.monitoring.svc.cluster.local'),
        service('istio-ingress', 'istio-ingressgateway', 443, 8443),
      ],
    },
    { release: 'otel', objects: [service('monitoring', 'otel-collector', 4317)] },
    {
      release: 'front-door',
      objects: [gateway(443), route('argocd', 'argocd.us-east-1.example.com', 'argocd-server')],
    },
    { release: 'argo-cd', objects: [service('argocd', 'argocd-server', 80)] },
    { release: 'external-dns', objects: [externalDns(['gateway-httproute'])] },
  ];
  const edge = [
    {
      stack: 'edge-dev-us-east-1',
      namespace: 'istio-ingress',
      service: 'istio-ingressgateway',
      servicePort: 443,
      targetPort: 8443,
      healthCheckPaths: ['/healthz'],
    },
  ];

  it('finds nothing when every reference meets what it names', () => {
    expect(wiringProblems(good, labels, edge)).toEqual(new Map());
  });

  it('finds traces sent to a collector nobody deploys', () => {
    const problems = wiringProblems(
      good.filter((release) => release.release !== 'otel'),
      labels,
      edge,
    );
    expect(problems.get('istio')).toEqual([
      'trace provider otel sends to otel-collector.monitoring.svc.cluster.local, and no release renders Service monitoring/otel-collector',
    ]);
  });

  it('finds an ExternalSecret whose generator no release renders in its namespace', () => {
    const generated = (generatorNamespace: string) => [
      ...good,
      {
        release: 'monitoring',
        objects: [
          {
            apiVersion: 'generators.external-secrets.io/v1alpha1',
            kind: 'Password',
            metadata: { name: 'login', namespace: generatorNamespace },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'login', namespace: 'monitoring' },
            spec: {
              dataFrom: [{ sourceRef: { generatorRef: { kind: 'Password', name: 'login' } } }],
            },
          },
        ],
      },
    ];
    expect(wiringProblems(generated('monitoring'), labels, edge)).toEqual(new Map());
    expect(wiringProblems(generated('other'), labels, edge).get('monitoring')).toEqual([
      'ExternalSecret monitoring/login generates from Password login, which no release renders in monitoring',
    ]);
  });

  it('finds external-dns watching sources the platform renders nothing for', () => {
    const problems = wiringProblems(
      good.map((release) =>
        release.release === 'external-dns'
          ? { ...release, objects: [externalDns(['istio-gateway'])] }
          : release,
      ),
      labels,
      edge,
    );
    expect(problems.get('external-dns')).toEqual([
      'external-dns source istio-gateway is not one the platform renders objects for',
    ]);
  });

  it('finds an edge load balancer aimed at a port the gateway does not serve', () => {
    const problems = wiringProblems(good, labels, [{ ...edge[0], targetPort: 443 }]);
    expect(problems.get('istio')).toEqual([
      'edge-dev-us-east-1 sends traffic to the pods on port 443, but istio-ingress/istio-ingressgateway:443 targets 8443',
    ]);
  });

  it('finds a meshed Argo CD that REGISTRY_ONLY keeps from its Git repository', () => {
    const registryOnly = (objects: Manifest[]) => [
      {
        release: 'istio',
        objects: [
          {
            ...meshConfig('otel-collector.monitoring.svc.cluster.local'),
            data: { mesh: 'outboundTrafficPolicy: { mode: REGISTRY_ONLY }\n' },
          },
        ],
      },
      { release: 'root-app', objects: [application, ...objects] },
    ];
    const meshed = new Map([['argocd', { 'istio-injection': 'enabled' }]]);
    expect(wiringProblems(registryOnly([]), meshed, []).get('root-app')).toEqual([
      'Application root clones github.com:443, which the mesh refuses (REGISTRY_ONLY): no ServiceEntry exports it to argocd',
    ]);
    expect(wiringProblems(registryOnly([serviceEntry('github.com', 443)]), meshed, [])).toEqual(
      new Map(),
    );
    expect(
      wiringProblems(registryOnly([serviceEntry('github.com', 22)]), meshed, []).get('root-app'),
    ).toHaveLength(1);
  });

  it('finds a route the Gateway does not admit, and a backend nobody provides', () => {
    const problems = wiringProblems(
      good.map((release) =>
        release.release === 'front-door'
          ? { ...release, objects: [gateway(443), route('portal', 'portal.example.com', 'portal')] }
          : release,
      ),
      labels,
      edge,
    );
    expect(problems.get('front-door')).toEqual([
      "HTTPRoute portal/r: the Gateway's listener https does not admit routes from namespace portal (allowedRoutes Selector)",
      'HTTPRoute portal/r sends to Service portal/portal, which neither a release nor an Argo CD application renders',
    ]);
  });
});
