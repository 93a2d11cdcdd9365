import type { EnvironmentConfig } from './environment';

/**
 * The host names the front door serves in one region. The edge layer puts them on the ALB
 * certificate and (routed, regional) in Route53; the cluster's Gateway routes them; the
 * per-region hosts below `regional` are published by external-dns.
 */
export interface FrontDoorHosts {
  /** `api.example.com`: the API, routed between regions (failover, latency or weighted). */
  readonly api: string;
  /** `portal.api.example.com`: the developer portal, routed like the API. */
  readonly portal: string;
  /** `us-east-1.api.example.com`: this region only (canaries, drills, per-region tools). */
  readonly regional: string;
  /** `argocd.us-east-1.api.example.com`: this region's Argo CD (each cluster has its own). */
  readonly argocd: string;
}

export function frontDoorHosts(
  env: Pick<EnvironmentConfig, 'dnsDomain'>,
  region: string,
): FrontDoorHosts {
  const regional = `${region}.${env.dnsDomain}`;
  return {
    api: env.dnsDomain,
    portal: `portal.${env.dnsDomain}`,
    regional,
    argocd: `argocd.${regional}`,
  };
}
