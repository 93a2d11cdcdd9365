import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';

const ARGO_REPOSITORY = 'https://argoproj.github.io/argo-helm';
export const ARGO_CD_CHART: RepositoryChart = {
  chart: 'argo-cd',
  repository: ARGO_REPOSITORY,
  version: '8.6.4',
};
export const ARGO_CD_NAMESPACE = 'argocd';

export interface ArgoCdValues {
  readonly global: { readonly domain: string; readonly priorityClassName: string };
  readonly configs: {
    readonly params: Readonly<Record<string, string | boolean>>;
    readonly cm: Readonly<Record<string, string | boolean>>;
  };
  readonly redis: { readonly enabled: boolean };
  readonly 'redis-ha': { readonly enabled: boolean };
  readonly controller: { readonly replicas: number };
  readonly server: {
    readonly replicas: number;
    readonly pdb: { readonly enabled: boolean; readonly minAvailable: number };
  };
  readonly repoServer: {
    readonly replicas: number;
    readonly pdb: { readonly enabled: boolean; readonly minAvailable: number };
  };
  readonly applicationSet: { readonly replicas: number };
  readonly dex: { readonly enabled: boolean };
}

/** HA (redis-ha, 2+ replicas of every stateless part) in production; one of each elsewhere. */
export function argoCdDefaults(domain: string, highAvailability: boolean): ArgoCdValues {
  const replicas = highAvailability ? 2 : 1;
  const pdb = { enabled: highAvailability, minAvailable: 1 };
  return {
    global: { domain: `argocd.${domain}`, priorityClassName: 'system-cluster-critical' },
    configs: {
      // TLS terminates at the mesh gateway; the server itself stays in the mesh (mTLS).
      params: { 'server.insecure': true, 'application.namespaces': ARGO_CD_NAMESPACE },
      cm: { 'admin.enabled': false, 'exec.enabled': false, 'timeout.reconciliation': '180s' },
    },
    redis: { enabled: !highAvailability },
    'redis-ha': { enabled: highAvailability },
    controller: { replicas: 1 },
    server: { replicas, pdb },
    repoServer: { replicas, pdb },
    applicationSet: { replicas },
    dex: { enabled: false },
  };
}

export interface ArgoCdProps extends AddonProps<ArgoCdValues> {
  readonly domain: string;
}

/** Argo CD: GitOps for the platform components (see ArgoCdRootAppAddon for what it syncs). */
export class ArgoCdAddon extends HelmAddon<ArgoCdValues> {
  static readonly ADDON_NAME = 'argo-cd';

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id, {
      addonName: ArgoCdAddon.ADDON_NAME,
      namespace: ARGO_CD_NAMESPACE,
      chart: ARGO_CD_CHART,
      values: mergeValues(
        argoCdDefaults(props.domain, props.context.highAvailability),
        props.values,
      ),
      context: props.context,
    });
  }
}
