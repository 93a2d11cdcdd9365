import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';

export const CERT_MANAGER_CHART: RepositoryChart = {
  chart: 'cert-manager',
  repository: 'https://charts.jetstack.io',
  version: 'v1.19.1',
};

export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly webhook: { readonly replicaCount: number };
  readonly cainjector: { readonly replicaCount: number };
  readonly global: { readonly priorityClassName: string };
}

export function certManagerDefaults(highAvailability: boolean): CertManagerValues {
  const replicas = highAvailability ? 2 : 1;
  return {
    // Keep CRDs on uninstall: deleting them would delete every Certificate in the cluster.
    crds: { enabled: true, keep: true },
    replicaCount: replicas,
    podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
    webhook: { replicaCount: replicas },
    cainjector: { replicaCount: replicas },
    global: { priorityClassName: 'system-cluster-critical' },
  };
}

/** cert-manager: issues the webhook and Vault TLS certificates from the platform CA. */
export class CertManagerAddon extends HelmAddon<CertManagerValues> {
  static readonly ADDON_NAME = 'cert-manager';

  constructor(scope: Construct, id: string, props: AddonProps<CertManagerValues>) {
    super(scope, id, {
      addonName: CertManagerAddon.ADDON_NAME,
      namespace: 'cert-manager',
      chart: CERT_MANAGER_CHART,
      values: mergeValues(certManagerDefaults(props.context.highAvailability), props.values),
      context: props.context,
    });
  }
}
