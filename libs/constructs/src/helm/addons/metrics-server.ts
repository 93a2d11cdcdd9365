import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, MinAvailableBudget } from '../values';

/** The upstream chart this add-on installs, pinned to one version. */
export const METRICS_SERVER_CHART: RepositoryChart = {
  chart: 'metrics-server',
  repository: 'https://kubernetes-sigs.github.io/metrics-server/',
  version: '3.13.0',
};

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface MetricsServerValues {
  /** Its replicas. */
  readonly replicas: number;
  /** Its resources. */
  readonly resources: ContainerResources;
  /** Its disruption budget. */
  readonly podDisruptionBudget: MinAvailableBudget;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  /** The chart's own flags; `args` would add a second --kubelet-preferred-address-types. */
  readonly defaultArgs: readonly string[];
}

/** metrics-server's values for an environment: two replicas where it is highly available. */
export function metricsServerDefaults(highAvailability: boolean): MetricsServerValues {
  return {
    replicas: highAvailability ? 2 : 1,
    resources: containerResources('100m', '200Mi'),
    podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
    priorityClassName: 'system-cluster-critical',
    // The chart's defaults, with the nodes' internal IPs only (EKS nodes resolve no hostname).
    defaultArgs: [
      '--cert-dir=/tmp',
      '--kubelet-preferred-address-types=InternalIP',
      '--kubelet-use-node-status-port',
      '--metric-resolution=15s',
    ],
  };
}

/** metrics-server: resource metrics for the Horizontal Pod Autoscaler and `kubectl top`. */
export class MetricsServerAddon extends HelmAddon<MetricsServerValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'metrics-server';

  constructor(scope: Construct, id: string, props: AddonProps<MetricsServerValues>) {
    super(scope, id, {
      addonName: MetricsServerAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: METRICS_SERVER_CHART,
      values: mergeValues(metricsServerDefaults(props.context.highAvailability), props.values),
      context: props.context,
    });
  }
}
