import { Manifest } from './crd-schemas';
import { workloadTargetProblems } from './workload-targets';
import { EdgeBinding } from './wiring';

const rollout = (readinessPath: string, original?: string): Manifest => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'gateway', namespace: 'gateway' },
  spec: {
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'gateway' } },
      spec: {
        initContainers: original
          ? [
              {
                name: 'istio-proxy',
                env: [
                  {
                    name: 'ISTIO_KUBE_APP_PROBERS',
                    value: JSON.stringify({
                      [readinessPath]: { httpGet: { path: original, port: 8080 } },
                    }),
                  },
                ],
              },
            ]
          : [],
        containers: [{ name: 'gateway', readinessProbe: { httpGet: { path: readinessPath } } }],
      },
    },
  },
});
const service: Manifest = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'gateway', namespace: 'gateway' },
  spec: { selector: { 'app.kubernetes.io/name': 'gateway' }, ports: [{ port: 8080 }] },
};
const healthRoute = (path: string, rewrite?: string): Manifest => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'health-check', namespace: 'gateway' },
  spec: {
    rules: [
      {
        matches: [{ path: { type: 'Exact', value: path } }],
        ...(rewrite
          ? {
              filters: [
                {
                  type: 'URLRewrite',
                  urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: rewrite } },
                },
              ],
            }
          : {}),
        backendRefs: [{ name: 'gateway', port: 8080 }],
      },
    ],
  },
});
const hpa = (kind: string, name: string): Manifest => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'gateway', namespace: 'gateway' },
  spec: { scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind, name }, minReplicas: 2 },
});
const edge: EdgeBinding[] = [
  {
    stack: 'edge-dev-us-east-1',
    namespace: 'istio-ingress',
    service: 'istio-ingressgateway',
    servicePort: 443,
    targetPort: 8443,
    healthCheckPaths: ['/status'],
  },
];

describe('workloadTargetProblems', () => {
  it('follows the edge health check through a rewrite to the path the meshed pods answer', () => {
    const problems = workloadTargetProblems(
      [
        { release: 'front-door', objects: [healthRoute('/status', '/healthz')] },
        {
          release: 'gateway',
          objects: [
            service,
            rollout('/app-health/gateway/readyz', '/healthz'),
            hpa('Rollout', 'gateway'),
          ],
        },
      ],
      edge,
    );
    expect(problems).toEqual(new Map());
  });

  it('finds a health check path the component does not answer', () => {
    const problems = workloadTargetProblems(
      [
        { release: 'front-door', objects: [healthRoute('/status')] },
        { release: 'gateway', objects: [service, rollout('/healthz')] },
      ],
      edge,
    );
    expect(problems.get('front-door')).toEqual([
      "edge-dev-us-east-1's health checks request /status; HTTPRoute gateway/health-check sends it as /status to gateway/gateway, whose pods answer readiness on /healthz",
    ]);
  });

  it('finds a route to a Service whose pods nothing renders, and an autoscaler without a target', () => {
    const problems = workloadTargetProblems(
      [
        { release: 'front-door', objects: [healthRoute('/status', '/healthz')] },
        { release: 'gateway', objects: [service, hpa('Rollout', 'gateway-api')] },
      ],
      [],
    );
    expect(problems.get('front-door')).toEqual([
      'HTTPRoute gateway/health-check sends to Service gateway/gateway, whose selector matches no pods any release renders',
    ]);
    expect(problems.get('gateway')).toEqual([
      'HorizontalPodAutoscaler gateway/gateway scales Rollout gateway-api, which no release renders',
    ]);
  });
});

describe('workloadTargetProblems on Secrets', () => {
  const worker = (secret: string, key: string): Manifest => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'jobs-worker', namespace: 'portal' },
    spec: {
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'jobs-worker' } },
        spec: {
          containers: [
            {
              name: 'worker',
              env: [
                { name: 'REDIS_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: secret, key } } },
              ],
            },
          ],
        },
      },
    },
  });
  const delivered: Manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'redis-auth', namespace: 'portal' },
    spec: { target: { name: 'redis-auth' }, data: [{ secretKey: 'token' }] },
  };

  it('passes a key the ExternalSecret delivers, and finds a missing Secret or key', () => {
    const check = (pod: Manifest) =>
      workloadTargetProblems(
        [
          { release: 'platform-secrets', objects: [delivered] },
          { release: 'portal', objects: [pod] },
        ],
        [],
      ).get('portal');
    expect(check(worker('redis-auth', 'token'))).toBeUndefined();
    expect(check(worker('redis-auth', 'password'))).toEqual([
      'Deployment portal/jobs-worker container worker reads REDIS_AUTH_TOKEN from key password of Secret redis-auth, which holds token',
    ]);
    expect(check(worker('redis', 'token'))).toEqual([
      'Deployment portal/jobs-worker container worker reads REDIS_AUTH_TOKEN from Secret redis, which no release renders or delivers',
    ]);
  });
});

describe('workloadTargetProblems on trace export', () => {
  const pod = (endpoint: string): Manifest => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'auditor' },
    spec: {
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            { name: 'api', env: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: endpoint }] },
          ],
        },
      },
    },
  });
  const collector: Manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'otel-collector', namespace: 'monitoring' },
    spec: { ports: [{ port: 4317 }] },
  };

  it('finds spans sent to a Service port nothing serves', () => {
    const check = (endpoint: string) =>
      workloadTargetProblems(
        [
          { release: 'otel', objects: [collector] },
          { release: 'auditor', objects: [pod(endpoint)] },
        ],
        [],
      ).get('auditor');
    expect(check('http://otel-collector.monitoring.svc.cluster.local:4317')).toBeUndefined();
    expect(check('http://otel-collector.monitoring.svc.cluster.local:4318')).toEqual([
      "Deployment auditor/api container api sends spans to http://otel-collector.monitoring.svc.cluster.local:4318, which no release's Service serves",
    ]);
  });
});
