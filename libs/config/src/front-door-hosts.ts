import type { FrontDoorHosts } from '@strata/constructs/helm';
import type { EnvironmentConfig } from './environment';

export type { FrontDoorHosts };

/** The front door's host names of `env` in one region (see FrontDoorHosts), every one named. */
export function frontDoorHosts(
  env: Pick<EnvironmentConfig, 'dnsDomain'>,
  region: string,
): Required<FrontDoorHosts> {
  const regional = `${region}.${env.dnsDomain}`;
  return {
    api: env.dnsDomain,
    portal: `portal.${env.dnsDomain}`,
    regional,
    argocd: `argocd.${regional}`,
    grafana: `grafana.${regional}`,
  };
}
