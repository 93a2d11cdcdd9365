import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseIni } from 'ini';
import { search } from 'jmespath';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { loadToolchain } from '../validate/toolchain';
import { Manifest } from './crd-schemas';
import { prodAddons, ProdAddons } from './prod-addons';

// The production add-ons stack as the cluster app synthesizes it, rendered with the real charts
// (chart source as in check-stack.spec): what would run, read where the values end up.
const root = findWorkspaceRoot(__dirname);
const { kubeTools } = loadToolchain();
const work = mkdtempSync(join(tmpdir(), 'strata-rendered-'));

let addons: ProdAddons;
beforeAll(() => {
  if (!kubeTools) throw new Error('no kube tools in the toolchain');
  addons = prodAddons(root, work, kubeTools);
});

const render = (name: string): Manifest[] => addons.render(name);

function containerArgs(objects: Manifest[], deployment: string): string[] {
  const found = objects.find(
    (object) => object.kind === 'Deployment' && object.metadata?.name === deployment,
  );
  const spec = found?.spec as {
    replicas: number;
    template: { spec: { containers: Array<{ args?: string[] }> } };
  };
  expect(spec.replicas).toBeGreaterThan(1);
  return spec.template.spec.containers.flatMap((container) => container.args ?? []);
}

/** One variable of a container's environment, as a Deployment spells it. */
interface EnvVar {
  readonly name: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: {
      readonly name: string;
      readonly key: string;
      readonly optional?: boolean;
    };
  };
}

/** The environment of Grafana's container in the rendered kube-prometheus-stack. */
function grafanaEnv(objects: Manifest[]): readonly EnvVar[] {
  const deployment = objects.find(
    (object) =>
      object.kind === 'Deployment' && object.metadata?.name === 'kube-prometheus-stack-grafana',
  )?.spec as { template: { spec: { containers: Array<{ name: string; env?: EnvVar[] }> } } };
  return deployment.template.spec.containers.find((c) => c.name === 'grafana')?.env ?? [];
}

describe('production add-ons, rendered', () => {
  it('external-secrets: every replicated controller elects a leader', () => {
    const objects = render('external-secrets');
    expect(containerArgs(objects, 'external-secrets')).toContain('--enable-leader-election=true');
    expect(containerArgs(objects, 'external-secrets-cert-controller')).toContain(
      '--enable-leader-election=true',
    );
  });

  it("Grafana's admin password is generated in the cluster, never rendered", () => {
    const objects = render('kube-prometheus-stack');
    const named = (kind: string, name: string) =>
      objects.find((object) => object.kind === kind && object.metadata?.name === name);
    // No Secret of Grafana's in the rendering: the release record would keep it.
    expect(
      objects.filter(
        (object) => object.kind === 'Secret' && /grafana/.test(object.metadata?.name ?? ''),
      ),
    ).toEqual([]);
    const env = grafanaEnv(objects);
    const password = env.find((variable) => variable.name === 'GF_SECURITY_ADMIN_PASSWORD');
    const user = env.find((variable) => variable.name === 'GF_SECURITY_ADMIN_USER');
    const external = named('ExternalSecret', password?.valueFrom?.secretKeyRef?.name ?? '') as {
      spec: {
        target: { name: string; template: { data: Record<string, string> } };
        dataFrom: Array<{ sourceRef: { generatorRef: { kind: string; name: string } } }>;
      };
    };
    expect(external.spec.target.name).toBe(password?.valueFrom?.secretKeyRef?.name);
    expect(Object.keys(external.spec.target.template.data)).toContain(
      user?.valueFrom?.secretKeyRef?.key,
    );
    const reference = external.spec.dataFrom[0].sourceRef.generatorRef;
    const generator = named(reference.kind, reference.name) as { spec: { length: number } };
    // The generator's one output key is `password`.
    expect(password?.valueFrom?.secretKeyRef?.key).toBe('password');
    expect(generator.spec.length).toBeGreaterThanOrEqual(32);
  });

  it('Grafana: its rendered grafana.ini signs people in through the provider with roles from their groups, its secret delivered and its host routed', () => {
    const sso = loadEnvironments().find((env) => env.name === 'prod')?.cluster?.monitoring.sso;
    if (!sso) throw new Error('environments/prod.yaml has no cluster.monitoring.sso');
    const objects = render('kube-prometheus-stack');
    const named = (kind: string, name: string) =>
      objects.find((object) => object.kind === kind && object.metadata?.name === name);
    // The file Grafana reads, as the chart writes it.
    const config = named('ConfigMap', 'kube-prometheus-stack-grafana') as {
      data: Record<string, string>;
    };
    // The ini package nests dotted section names: [auth.generic_oauth] is auth.generic_oauth.
    const ini = parseIni(config.data['grafana.ini']) as {
      server: Record<string, string>;
      auth: { generic_oauth: Record<string, string | boolean> } & Record<string, unknown>;
    };
    const oauth = ini.auth.generic_oauth;
    expect(oauth).toMatchObject({
      enabled: true,
      client_id: sso.clientId,
      auth_url: sso.authorizationUrl,
      token_url: sso.tokenUrl,
      api_url: sso.userInfoUrl,
      role_attribute_strict: true,
    });
    expect(oauth.client_secret).toBeUndefined();
    const roleOf = (groups: string[]) => search({ groups }, String(oauth.role_attribute_path));
    expect(roleOf([sso.adminGroups[0], ...sso.viewerGroups])).toBe('Admin');
    if (sso.viewerGroups.length > 0) expect(roleOf([sso.viewerGroups[0]])).toBe('Viewer');
    expect(roleOf(['nobody-of-ours'])).toBeFalsy();
    const host = new URL(ini.server.root_url).host;

    // The client secret: a variable from the Secret the platform-secrets release makes.
    const variable = grafanaEnv(objects).find(
      (candidate) => candidate.name === 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET',
    );
    const reference = variable?.valueFrom?.secretKeyRef;
    // Grafana starts (and the release installs) before an operator has stored the value.
    expect(reference?.optional).toBe(true);
    const external = render('platform-secrets').find(
      (object) =>
        object.kind === 'ExternalSecret' &&
        object.metadata?.namespace === 'monitoring' &&
        (object.spec as { target: { name: string } }).target.name === reference?.name,
    )?.spec as { data: Array<{ secretKey: string }> } | undefined;
    expect(external?.data.map((entry) => entry.secretKey)).toEqual([reference?.key]);

    // The front door sends the root URL's host to Grafana's rendered Service and port.
    const route = render('front-door').find(
      (object) =>
        object.kind === 'HTTPRoute' &&
        (object.spec as { hostnames: string[] }).hostnames.includes(host),
    )?.spec as { rules: Array<{ backendRefs: Array<{ name: string; port: number }> }> };
    const [backend] = route.rules[0].backendRefs;
    const service = named('Service', backend.name)?.spec as { ports: Array<{ port: number }> };
    expect(service.ports.map((port) => port.port)).toContain(backend.port);
  });

  it('long-term metrics: Prometheus and Grafana run as the service accounts their roles are for', () => {
    const objects = render('kube-prometheus-stack');
    const json = JSON.parse(readFileSync(join(addons.stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    const associations = Object.entries(json.resource.aws_eks_pod_identity_association ?? {});
    const policies = Object.values(json.resource.aws_iam_role_policy ?? {});
    /** The service account whose role may call `action`, through its Pod Identity association. */
    const serviceAccountFor = (action: string) => {
      const policy = policies.find((candidate) => String(candidate.policy).includes(`"${action}"`));
      const roleName = /aws_iam_role\.([\w-]+)\./.exec(String(policy?.role))?.[1];
      const found = associations.filter(([, association]) =>
        String(association.role_arn).includes(`aws_iam_role.${roleName}.`),
      );
      expect(found).toHaveLength(1);
      return `${found[0][1].namespace}/${found[0][1].service_account}`;
    };
    const prometheus = objects.find((object) => object.kind === 'Prometheus') as {
      metadata: { namespace: string };
      spec: { serviceAccountName: string; remoteWrite: Array<{ sigv4?: unknown }> };
    };
    expect(prometheus.spec.remoteWrite[0].sigv4).toEqual({ region: 'us-east-1' });
    expect(serviceAccountFor('aps:RemoteWrite')).toBe(
      `${prometheus.metadata.namespace}/${prometheus.spec.serviceAccountName}`,
    );
    const grafana = objects.find(
      (object) => object.kind === 'Deployment' && /grafana$/.test(object.metadata?.name ?? ''),
    ) as {
      metadata: { namespace: string };
      spec: { template: { spec: { serviceAccountName: string } } };
    };
    expect(serviceAccountFor('aps:QueryMetrics')).toBe(
      `${grafana.metadata.namespace}/${grafana.spec.template.spec.serviceAccountName}`,
    );
  });

  it('istiod: the mesh sends traces to the collector and injects for Istio CNI', () => {
    const objects = render('istiod');
    const configMap = (name: string) =>
      (objects.find((object) => object.kind === 'ConfigMap' && object.metadata?.name === name)
        ?.data ?? {}) as Record<string, string>;
    expect(configMap('istio').mesh).toContain('otel-collector.monitoring.svc.cluster.local');
    expect(JSON.parse(configMap('istio-sidecar-injector').values).pilot.cni.enabled).toBe(true);
    const istiod = objects.find((object) => object.kind === 'Deployment') as {
      spec: { template: { spec: { priorityClassName?: string } } };
    };
    expect(istiod.spec.template.spec.priorityClassName).toBe('system-cluster-critical');
  });

  it("front door: the API's routes answer browsers from the portal's pages, and no others", () => {
    const routes = render('front-door').filter((object) => object.kind === 'HTTPRoute');
    const spec = (route: Manifest) =>
      route.spec as {
        hostnames?: string[];
        rules: Array<{ filters?: Array<{ type: string; cors?: Record<string, string[]> }> }>;
      };
    const corsOf = (route: Manifest) =>
      spec(route)
        .rules.flatMap((rule) => rule.filters ?? [])
        .find((f) => f.type === 'CORS')?.cors;
    const portalHost = (
      routes.find((route) => route.metadata?.name?.startsWith('portal-')) as Manifest | undefined
    )?.spec as { hostnames: string[] } | undefined;
    const api = routes.filter((route) => route.metadata?.name?.startsWith('api-'));
    expect(api.length).toBeGreaterThan(0);
    for (const route of api) {
      expect(corsOf(route)?.allowOrigins).toEqual([`https://${portalHost?.hostnames[0]}`]);
      expect(corsOf(route)?.allowHeaders).toContain('authorization');
    }
    for (const route of routes.filter((candidate) => !candidate.metadata?.name?.startsWith('api-')))
      expect(corsOf(route)).toBeUndefined();
  });

  it('Karpenter tags what it launches with the tags Terraform puts on everything else', () => {
    const nodeClass = render('karpenter-node-pools').find(
      (object) => object.kind === 'EC2NodeClass',
    );
    const stack = JSON.parse(readFileSync(join(addons.stackDir, 'cdk.tf.json'), 'utf8')) as {
      provider: {
        aws: Array<{ alias?: string; default_tags?: Array<{ tags: Record<string, string> }> }>;
      };
    };
    const defaultTags = stack.provider.aws.find((provider) => !provider.alias)?.default_tags?.[0]
      .tags;
    expect(defaultTags).toMatchObject({ Environment: 'prod', CostCentre: expect.any(String) });
    expect((nodeClass?.spec as { tags?: Record<string, string> }).tags).toEqual(defaultTags);
  });
});
