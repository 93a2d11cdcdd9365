import { Manifest } from './crd-schemas';
import { covers, tlsNameProblems } from './tls-names';

const certificate = (dnsNames: string[], ipAddresses?: string[]): Manifest => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'api-tls', namespace: 'apps' },
  spec: { secretName: 'api-tls', dnsNames, ...(ipAddresses ? { ipAddresses } : {}) },
});
const server = (env: Record<string, string> = {}): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'apps' },
  spec: {
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        volumes: [{ name: 'tls', secret: { secretName: 'api-tls' } }],
        containers: [
          { name: 'api', env: Object.entries(env).map(([name, value]) => ({ name, value })) },
        ],
      },
    },
  },
});
const service: Manifest = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api', namespace: 'apps' },
  spec: { selector: { app: 'api' } },
};
const client = (address: string): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'client', namespace: 'other' },
  spec: {
    template: { spec: { containers: [{ name: 'c', env: [{ name: 'API', value: address }] }] } },
  },
});

describe('serving certificates and the addresses their clients use', () => {
  it('matches names exactly, and wildcards for one label only', () => {
    expect(covers(['*.api-internal'], 'api-0.api-internal')).toBe(true);
    expect(covers(['*.api-internal'], 'a.b.api-internal')).toBe(false);
    expect(covers(['api.apps.svc'], 'api.apps.svc.cluster.local')).toBe(false);
  });

  it("fails a loopback address the pod's own client uses that the certificate does not name", () => {
    const objects = [certificate(['api.apps.svc']), server({ ADDR: 'https://127.0.0.1:8200' })];
    expect(tlsNameProblems([{ release: 'api', objects }]).get('api')).toEqual([
      'Deployment apps/api serves Certificate api-tls (api.apps.svc), which does not name 127.0.0.1, the address ADDR=https://127.0.0.1:8200 uses',
    ]);
    const named = [certificate(['api.apps.svc'], ['127.0.0.1']), objects[1]];
    expect(tlsNameProblems([{ release: 'api', objects: named }]).size).toBe(0);
  });

  it("fails another workload's address for the Service, and passes the names it covers", () => {
    const serving = { release: 'api', objects: [certificate(['api.apps.svc']), server(), service] };
    expect(
      tlsNameProblems([serving, { release: 'c', objects: [client('https://api.apps:443')] }]).get(
        'api',
      ),
    ).toEqual([
      expect.stringContaining('does not name api.apps, the address API=https://api.apps:443'),
    ]);
    expect(
      tlsNameProblems([serving, { release: 'c', objects: [client('https://api.apps.svc/x')] }])
        .size,
    ).toBe(0);
  });

  it('fails a webhook the API server calls through a Service name the certificate lacks', () => {
    const webhook: Manifest = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'api-hook' },
      webhooks: [{ clientConfig: { service: { name: 'api', namespace: 'apps' } } }],
    };
    const objects = [certificate(['api']), server(), service, webhook];
    expect(tlsNameProblems([{ release: 'api', objects }]).get('api')).toEqual([
      expect.stringContaining(
        'does not name api.apps.svc, the address ValidatingWebhookConfiguration api-hook uses',
      ),
    ]);
  });
});
