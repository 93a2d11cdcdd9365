import { frontDoorDefaults, FrontDoorHosts } from './front-door';
import { GRAFANA_SERVICE } from './kube-prometheus-stack';

const hosts: FrontDoorHosts = {
  api: 'api.example.com',
  portal: 'portal.api.example.com',
  regional: 'us-east-1.api.example.com',
  argocd: 'argocd.us-east-1.api.example.com',
  grafana: 'grafana.us-east-1.api.example.com',
};

describe('frontDoorDefaults: Grafana', () => {
  const grafanaRoutes = (values: ReturnType<typeof frontDoorDefaults>) =>
    values.routes.filter((route) => route.service === GRAFANA_SERVICE.name);

  it('routes no Grafana host unless asked (its login form is off only with SSO)', () => {
    const values = frontDoorDefaults(hosts, '/healthz');
    expect(grafanaRoutes(values)).toEqual([]);
    expect(values.certificate.dnsNames).not.toContain(hosts.grafana);
  });

  it("routes Grafana's host to its Service and port, names it in the certificate and publishes it", () => {
    const values = frontDoorDefaults(hosts, '/healthz', undefined, [], true);
    expect(grafanaRoutes(values)).toEqual([
      expect.objectContaining({
        namespace: GRAFANA_SERVICE.namespace,
        hostnames: [hosts.grafana],
        port: GRAFANA_SERVICE.port,
        publishDns: true,
      }),
    ]);
    expect(values.certificate.dnsNames).toContain(hosts.grafana);
  });

  it('refuses to route Grafana without its host', () => {
    const { grafana: _grafana, ...withoutGrafana } = hosts;
    expect(() => frontDoorDefaults(withoutGrafana, '/healthz', undefined, [], true)).toThrow(
      /hosts\.grafana/,
    );
  });
});
