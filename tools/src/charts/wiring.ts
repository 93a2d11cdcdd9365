import { parse } from 'yaml';
import { urlEndpoint } from '@strata/constructs/helm';
import { selects } from './alert-sources';
import { Manifest } from './crd-schemas';

type Labels = Readonly<Record<string, string>>;

/** One release's admitted objects, as the check sees them. */
export interface ReleaseObjects {
  readonly release: string;
  readonly objects: readonly Manifest[];
}

/** The edge layer's side of the front door: its ALB target group and the binding to the gateway. */
export interface EdgeBinding {
  readonly stack: string;
  readonly namespace: string;
  readonly service: string;
  readonly servicePort: number;
  /** Port the target group sends traffic to on the pods. */
  readonly targetPort: number;
  /** Paths the edge's Route53 health checks request through the load balancer. */
  readonly healthCheckPaths: readonly string[];
}

interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
}

interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly ServicePort[];
}

function spec<T>(manifest: Manifest): T {
  return (manifest.spec ?? {}) as T;
}

/**
 * Whether the pieces of different releases fit together as they must at run time: the mesh's
 * trace provider names a Service the collector renders, the front door's Gateway binds to the
 * ingress gateway's Service on one of its ports and its routes attach and reach their
 * backends, external-dns has something to publish, every ExternalSecret may use its store,
 * and the edge ALB targets the gateway's pods on the port the gateway serves.
 */
export function wiringProblems(
  releases: readonly ReleaseObjects[],
  namespaceLabels: ReadonlyMap<string, Labels>,
  edge: readonly EdgeBinding[],
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const add = (release: string, message: string) =>
    problems.set(release, [...(problems.get(release) ?? []), message]);
  const all = releases.flatMap(({ release, objects }) =>
    objects.map((manifest) => ({ release, manifest })),
  );
  const ofKind = (kind: string) => all.filter(({ manifest }) => manifest.kind === kind);
  const services: Service[] = ofKind('Service').map(({ manifest }) => ({
    namespace: manifest.metadata?.namespace ?? 'default',
    name: manifest.metadata?.name ?? '',
    ports: spec<{ ports?: ServicePort[] }>(manifest).ports ?? [],
  }));
  const service = (namespace: string, name: string) =>
    services.find((candidate) => candidate.namespace === namespace && candidate.name === name);
  /** `name.namespace.svc.cluster.local` (or `name.namespace`) to a rendered Service. */
  const serviceAt = (host: string) => {
    const [name, namespace] = host.split('.');
    return { name, namespace, found: service(namespace, name) };
  };
  // The mesh's trace exporters.
  let registryOnly = false;
  for (const { release, manifest } of ofKind('ConfigMap')) {
    if (manifest.metadata?.name !== 'istio') continue;
    const mesh = parse((manifest.data as Record<string, string>).mesh ?? '') as {
      extensionProviders?: Array<{
        name: string;
        opentelemetry?: { service: string; port: number };
      }>;
      outboundTrafficPolicy?: { mode?: string };
    } | null;
    registryOnly = mesh?.outboundTrafficPolicy?.mode === 'REGISTRY_ONLY';
    for (const provider of mesh?.extensionProviders ?? []) {
      if (!provider.opentelemetry) continue;
      const { service: host, port } = provider.opentelemetry;
      const target = serviceAt(host);
      if (!target.found) {
        add(
          release,
          `trace provider ${provider.name} sends to ${host}, and no release renders Service ${target.namespace}/${target.name}`,
        );
      } else if (!target.found.ports.some((candidate) => candidate.port === port)) {
        add(
          release,
          `trace provider ${provider.name} sends to port ${port}, which Service ${target.namespace}/${target.name} does not expose`,
        );
      }
    }
  }

  // The front door: Gateway, its Service, its routes.
  const gateways = ofKind('Gateway');
  for (const { release, manifest } of gateways) {
    const gateway = spec<{
      addresses?: Array<{ type?: string; value: string }>;
      listeners?: Array<{ name: string; port: number }>;
    }>(manifest);
    for (const address of gateway.addresses ?? []) {
      if (address.type !== 'Hostname') continue;
      const target = serviceAt(address.value);
      if (!target.found) {
        add(
          release,
          `Gateway ${manifest.metadata?.name} binds to ${address.value}, which no release renders`,
        );
        continue;
      }
      for (const listener of gateway.listeners ?? []) {
        if (!target.found.ports.some((port) => port.port === listener.port)) {
          add(
            release,
            `Gateway listener ${listener.name} is on port ${listener.port}, which Service ${target.namespace}/${target.name} does not expose`,
          );
        }
      }
    }
  }
  for (const { release, manifest } of ofKind('HTTPRoute')) {
    const namespace = manifest.metadata?.namespace ?? 'default';
    const route = spec<{
      parentRefs?: Array<{ name: string; namespace?: string; sectionName?: string }>;
      rules?: Array<{ backendRefs?: Array<{ name: string; namespace?: string; port?: number }> }>;
    }>(manifest);
    for (const parent of route.parentRefs ?? []) {
      const gateway = gateways.find(
        ({ manifest: candidate }) =>
          candidate.metadata?.name === parent.name &&
          candidate.metadata?.namespace === (parent.namespace ?? namespace),
      );
      const listener = gateway
        ? spec<{
            listeners?: Array<{
              name: string;
              allowedRoutes?: {
                namespaces?: { from?: string; selector?: Parameters<typeof selects>[0] };
              };
            }>;
          }>(gateway.manifest).listeners?.find(
            (candidate) => !parent.sectionName || candidate.name === parent.sectionName,
          )
        : undefined;
      if (!listener) {
        add(
          release,
          `HTTPRoute ${namespace}/${manifest.metadata?.name} attaches to ${parent.namespace ?? namespace}/${parent.name}${parent.sectionName ? `#${parent.sectionName}` : ''}, which no release renders`,
        );
        continue;
      }
      const allowed = listener.allowedRoutes?.namespaces;
      const from = allowed?.from ?? 'Same';
      const labels = {
        ...(namespaceLabels.get(namespace) ?? {}),
        'kubernetes.io/metadata.name': namespace,
      };
      const admitted =
        from === 'All' ||
        (from === 'Same' && namespace === gateway?.manifest.metadata?.namespace) ||
        (from === 'Selector' && selects(allowed?.selector, labels));
      if (!admitted) {
        add(
          release,
          `HTTPRoute ${namespace}/${manifest.metadata?.name}: the Gateway's listener ${listener.name} does not admit routes from namespace ${namespace} (allowedRoutes ${from})`,
        );
      }
    }
    for (const backend of (route.rules ?? []).flatMap((rule) => rule.backendRefs ?? [])) {
      const backendNamespace = backend.namespace ?? namespace;
      const found = service(backendNamespace, backend.name);
      if (found) {
        if (backend.port !== undefined && !found.ports.some((port) => port.port === backend.port)) {
          add(
            release,
            `HTTPRoute ${namespace}/${manifest.metadata?.name} sends to port ${backend.port} of Service ${backendNamespace}/${backend.name}, which does not expose it`,
          );
        }
      } else {
        add(
          release,
          `HTTPRoute ${namespace}/${manifest.metadata?.name} sends to Service ${backendNamespace}/${backend.name}, which neither a release nor an Argo CD application renders`,
        );
      }
    }
  }

  // external-dns must have a source to publish from.
  for (const { release, manifest } of ofKind('Deployment')) {
    const args = (
      spec<{ template?: { spec?: { containers?: Array<{ name: string; args?: string[] }> } } }>(
        manifest,
      ).template?.spec?.containers ?? []
    )
      .filter((container) => container.name === 'external-dns')
      .flatMap((container) => container.args ?? []);
    if (args.length === 0) continue;
    const sources = args.filter((arg) => arg.startsWith('--source=')).map((arg) => arg.slice(9));
    const filter = args.find((arg) => arg.startsWith('--annotation-filter='))?.slice(20);
    const domains = args
      .filter((arg) => arg.startsWith('--domain-filter='))
      .map((arg) => arg.slice(16));
    for (const source of sources) {
      if (source !== 'gateway-httproute') {
        add(release, `external-dns source ${source} is not one the platform renders objects for`);
        continue;
      }
      const targets = gateways.filter(
        ({ manifest: gateway }) =>
          gateway.metadata?.annotations?.['external-dns.alpha.kubernetes.io/target'],
      );
      const [key, value] = (filter ?? '=').split('=');
      const published = ofKind('HTTPRoute').filter(
        ({ manifest: route }) => !filter || route.metadata?.annotations?.[key] === value,
      );
      const hosts = published.flatMap(
        ({ manifest: route }) => spec<{ hostnames?: string[] }>(route).hostnames ?? [],
      );
      const inDomain = hosts.filter(
        (host) =>
          domains.length === 0 ||
          domains.some((domain) => host === domain || host.endsWith(`.${domain}`)),
      );
      if (targets.length === 0 || inDomain.length === 0) {
        add(
          release,
          `external-dns publishes nothing from gateway-httproute: ${targets.length === 0 ? 'no Gateway has an external-dns target annotation' : `no route${filter ? ` annotated ${filter}` : ''} has a host in ${domains.join(', ')}`}`,
        );
      }
    }
  }

  // Every ExternalSecret may use its store, and every generator it reads is rendered.
  for (const { release, manifest } of ofKind('ExternalSecret')) {
    const namespace = manifest.metadata?.namespace ?? 'default';
    const { secretStoreRef: ref, dataFrom = [] } = spec<{
      secretStoreRef?: { kind?: string; name: string };
      dataFrom?: Array<{ sourceRef?: { generatorRef?: { kind: string; name: string } } }>;
    }>(manifest);
    const generators = dataFrom.flatMap((entry) => entry.sourceRef?.generatorRef ?? []);
    for (const generator of generators) {
      const rendered = ofKind(generator.kind).some(
        ({ manifest: candidate }) =>
          candidate.metadata?.name === generator.name &&
          (candidate.metadata?.namespace ?? 'default') === namespace,
      );
      if (!rendered) {
        add(
          release,
          `ExternalSecret ${namespace}/${manifest.metadata?.name} generates from ${generator.kind} ${generator.name}, which no release renders in ${namespace}`,
        );
      }
    }
    // Only generators: no store to read through.
    if (!ref && generators.length > 0 && generators.length === dataFrom.length) continue;
    const store = ofKind(ref?.kind ?? 'SecretStore').find(
      ({ manifest: candidate }) => candidate.metadata?.name === ref?.name,
    );
    if (!store) {
      add(
        release,
        `ExternalSecret ${namespace}/${manifest.metadata?.name} reads through ${ref?.kind} ${ref?.name}, which no release renders`,
      );
      continue;
    }
    const conditions = spec<{ conditions?: Array<{ namespaces?: string[] }> }>(
      store.manifest,
    ).conditions;
    if (conditions && !conditions.some((condition) => condition.namespaces?.includes(namespace))) {
      add(
        release,
        `ExternalSecret ${namespace}/${manifest.metadata?.name}: ${ref?.kind} ${ref?.name} does not admit namespace ${namespace}`,
      );
    }
  }

  // With REGISTRY_ONLY a meshed pod reaches outside hosts only through a ServiceEntry exported
  // to its namespace: Argo CD must reach its Git repositories and its identity provider.
  if (registryOnly) {
    const entries = ofKind('ServiceEntry').map(({ manifest }) => ({
      namespace: manifest.metadata?.namespace ?? 'default',
      ...spec<{ hosts?: string[]; exportTo?: string[]; ports?: Array<{ number: number }> }>(
        manifest,
      ),
    }));
    const declared = (namespace: string, host: string, port: number) =>
      entries.some(
        (entry) =>
          (entry.exportTo ?? ['*']).some(
            (to) => to === '*' || to === namespace || (to === '.' && entry.namespace === namespace),
          ) &&
          (entry.hosts ?? []).some(
            (pattern) =>
              pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))),
          ) &&
          (entry.ports ?? []).some((candidate) => candidate.number === port),
      );
    const needs: Array<{ release: string; namespace: string; what: string; url: string }> = [];
    for (const { release, manifest } of ofKind('Application')) {
      const url = spec<{ source?: { repoURL?: string } }>(manifest).source?.repoURL;
      if (url)
        needs.push({
          release,
          namespace: manifest.metadata?.namespace ?? 'default',
          what: `Application ${manifest.metadata?.name} clones`,
          url,
        });
    }
    for (const { release, manifest } of ofKind('ConfigMap')) {
      const oidc = (manifest.data as Record<string, string> | undefined)?.['oidc.config'];
      const issuer = oidc ? (parse(oidc) as { issuer?: string } | null)?.issuer : undefined;
      if (issuer)
        needs.push({
          release,
          namespace: manifest.metadata?.namespace ?? 'default',
          what: 'Argo CD signs in against',
          url: issuer,
        });
    }
    for (const need of needs) {
      const meshed = namespaceLabels.get(need.namespace)?.['istio-injection'] === 'enabled';
      const { host, port } = urlEndpoint(need.url);
      if (meshed && !declared(need.namespace, host, port)) {
        add(
          need.release,
          `${need.what} ${host}:${port}, which the mesh refuses (REGISTRY_ONLY): no ServiceEntry exports it to ${need.namespace}`,
        );
      }
    }
  }

  // The edge ALB reaches the gateway pods on the port they serve.
  for (const binding of edge) {
    const found = service(binding.namespace, binding.service);
    const owner =
      all.find(
        ({ manifest }) =>
          manifest.kind === 'Service' && manifest.metadata?.name === binding.service,
      )?.release ?? binding.service;
    const port = found?.ports.find((candidate) => candidate.port === binding.servicePort);
    if (!found || !port) {
      add(
        owner,
        `${binding.stack} binds its target group to ${binding.namespace}/${binding.service}:${binding.servicePort}, which no release renders`,
      );
    } else if (port.targetPort !== binding.targetPort) {
      add(
        owner,
        `${binding.stack} sends traffic to the pods on port ${binding.targetPort}, but ${binding.namespace}/${binding.service}:${binding.servicePort} targets ${String(port.targetPort)}`,
      );
    }
  }
  return problems;
}
