import { Manifest } from './crd-schemas';

/** A Service inside the cluster, as an in-cluster URL names it. */
export interface ServiceAddress {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
}

/** `http(s)://<service>.<namespace>.svc[.cluster.local]:<port>`, or undefined for anything else. */
export function serviceAddress(url: string): ServiceAddress | undefined {
  const match = /^https?:\/\/([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?:(\d+)\/?$/.exec(
    url,
  );
  return match ? { name: match[1], namespace: match[2], port: Number(match[3]) } : undefined;
}

/** Whether a rendered Service answers at the address: `served`, or what is missing. */
export function serviceAt(
  address: ServiceAddress,
  objects: readonly Manifest[],
): 'served' | 'no-service' | 'no-port' {
  const service = objects.find(
    (object) =>
      object.kind === 'Service' &&
      object.metadata?.name === address.name &&
      (object.metadata?.namespace ?? 'default') === address.namespace,
  );
  if (!service) return 'no-service';
  const ports = (service.spec as { ports?: Array<{ port?: number }> } | undefined)?.ports ?? [];
  return ports.some((candidate) => candidate.port === address.port) ? 'served' : 'no-port';
}
