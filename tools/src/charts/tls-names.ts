import { Manifest } from './crd-schemas';
import { podTemplateOf } from './pod-security';
import { selects } from './alert-sources';
import { namespaceOf, ReleaseObjects } from './workload-rules';

interface CertificateSpec {
  readonly secretName?: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

interface PodSpec {
  readonly volumes?: ReadonlyArray<{ readonly secret?: { readonly secretName?: string } }>;
  readonly containers?: ReadonlyArray<{
    readonly env?: ReadonlyArray<{ readonly name?: string; readonly value?: string }>;
  }>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Whether a certificate name (exact, or a `*.` wildcard for one label) covers `host`. */
export function covers(names: readonly string[], host: string): boolean {
  return names.some((name) =>
    name.startsWith('*.')
      ? host.endsWith(name.slice(1)) && !host.slice(0, -name.length + 1).includes('.')
      : name === host,
  );
}

/** The host of an `https://` address, unless it is built from the pod's environment. */
function httpsHost(value: string | undefined): string | undefined {
  const host = /^https:\/\/(\[[^\]]+\]|[^/:]+)/.exec(value ?? '')?.[1];
  return host && !host.includes('$(') ? host.replace(/^\[|\]$/g, '') : undefined;
}

/**
 * Serving certificates that do not name the address their own clients use: a client that
 * verifies TLS (the in-pod CLI on the loopback address, another workload through the Service,
 * the API server calling a webhook) is refused with "certificate is valid for ..., not ...".
 * A workload serves a cert-manager Certificate when it mounts the Certificate's secret; its
 * clients' addresses are the `https://` addresses in environment variables (its own, and other
 * workloads' that name a Service selecting its pods) and the webhooks that call its Services.
 */
export function tlsNameProblems(releases: readonly ReleaseObjects[]): Map<string, string[]> {
  const all = releases.flatMap((release) => release.objects);
  const certificates = all.filter(
    (object) => object.kind === 'Certificate' && object.apiVersion?.startsWith('cert-manager.io/'),
  );
  const services = all.filter((object) => object.kind === 'Service');
  // Every address a client in the stack uses: env values of every pod, and webhook services.
  const addresses: Array<{ host: string; from: string; pod?: Manifest }> = [];
  for (const object of all) {
    const spec = podTemplateOf(object)?.spec as PodSpec | undefined;
    for (const container of spec?.containers ?? []) {
      for (const env of container.env ?? []) {
        const host = httpsHost(env.value);
        if (host) addresses.push({ host, from: `${env.name}=${env.value}`, pod: object });
      }
    }
    for (const webhook of (object.webhooks as
      | ReadonlyArray<{ clientConfig?: { service?: { name?: string; namespace?: string } } }>
      | undefined) ?? []) {
      const service = webhook.clientConfig?.service;
      if (service?.name && service.namespace) {
        addresses.push({
          host: `${service.name}.${service.namespace}.svc`,
          from: `${object.kind} ${object.metadata?.name}`,
        });
      }
    }
  }

  const problems = new Map<string, string[]>();
  for (const { release, objects } of releases) {
    for (const workload of objects) {
      const template = podTemplateOf(workload);
      const spec = template?.spec as PodSpec | undefined;
      if (!spec || workload.kind === 'Pod') continue;
      const labels = template?.metadata?.labels ?? {};
      const mounted = new Set((spec.volumes ?? []).flatMap((v) => v.secret?.secretName ?? []));
      // Hosts that reach this workload through its Services (a Service without a selector
      // selects no pod).
      const serviceHosts = services
        .filter((service) => {
          const selector = (service.spec as { selector?: Record<string, string> })?.selector;
          return (
            namespaceOf(service) === namespaceOf(workload) &&
            selector !== undefined &&
            selects({ matchLabels: selector }, labels)
          );
        })
        .flatMap((service) => {
          const name = service.metadata?.name;
          const ns = namespaceOf(service);
          return [name, `${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`];
        });
      for (const certificate of certificates) {
        const cert = (certificate.spec ?? {}) as CertificateSpec;
        if (namespaceOf(certificate) !== namespaceOf(workload)) continue;
        if (!cert.secretName || !mounted.has(cert.secretName)) continue;
        const names = [...(cert.dnsNames ?? []), ...(cert.ipAddresses ?? [])];
        // Loopback from its own pods, and its Services' names.
        const reaching = addresses.filter(
          ({ host, pod }) =>
            (LOOPBACK.has(host) && pod === workload) || serviceHosts.includes(host),
        );
        for (const { host, from } of reaching) {
          if (covers(names, host)) continue;
          problems.set(release, [
            ...(problems.get(release) ?? []),
            `${workload.kind} ${namespaceOf(workload)}/${workload.metadata?.name} serves Certificate ${certificate.metadata?.name} (${names.join(', ')}), which does not name ${host}, the address ${from} uses`,
          ]);
        }
      }
    }
  }
  return problems;
}
