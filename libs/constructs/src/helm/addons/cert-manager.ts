import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources, ResourcesOnly } from '../resources';
import { ComponentSwitch, mergeValues, MinAvailableBudget } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';

/** The upstream chart this add-on installs, pinned to one version. */
export const CERT_MANAGER_CHART: RepositoryChart = {
  chart: 'cert-manager',
  repository: 'https://charts.jetstack.io',
  version: 'v1.19.1',
};

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface CertManagerValues {
  /** Whether the chart installs the CRDs, and keeps them when the release is deleted. */
  readonly crds: {
    /** Install them. */
    readonly enabled: boolean;
    /** Keep them on uninstall (deleting them would delete every certificate). */
    readonly keep: boolean;
  };
  /** Controller replicas. */
  readonly replicaCount: number;
  /** The controller's resources. */
  readonly resources: ContainerResources;
  /** The controller's disruption budget. */
  readonly podDisruptionBudget: MinAvailableBudget;
  /** The webhook. */
  readonly webhook: {
    /** Its replicas. */
    readonly replicaCount: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly podDisruptionBudget: MinAvailableBudget;
  };
  /** The CA injector, which writes CA bundles into webhooks and CRDs. */
  readonly cainjector: {
    /** Its replicas. */
    readonly replicaCount: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly podDisruptionBudget: MinAvailableBudget;
  };
  /** The post-install job that waits for the webhook. */
  readonly startupapicheck: ResourcesOnly;
  /** Settings of every component. */
  readonly global: {
    /** The priority class of its pods. */
    readonly priorityClassName: string;
  };
  /** The controller's metrics (certmanager_*): the certificate alerts read them. */
  /** Its metrics. */
  readonly prometheus: {
    /** The Prometheus Operator ServiceMonitor. */
    readonly servicemonitor: ComponentSwitch;
  };
}

/** cert-manager's values for an environment: two or more replicas where it is highly available. */
export function certManagerDefaults(highAvailability: boolean): CertManagerValues {
  const replicas = highAvailability ? 2 : 1;
  const podDisruptionBudget = { enabled: highAvailability, minAvailable: 1 };
  return {
    // Keep CRDs on uninstall: deleting them would delete every Certificate in the cluster.
    crds: { enabled: true, keep: true },
    replicaCount: replicas,
    resources: containerResources('50m', '128Mi'),
    podDisruptionBudget,
    webhook: {
      replicaCount: replicas,
      resources: containerResources('25m', '64Mi'),
      podDisruptionBudget,
    },
    cainjector: {
      replicaCount: replicas,
      resources: containerResources('25m', '128Mi'),
      podDisruptionBudget,
    },
    startupapicheck: { resources: containerResources('10m', '32Mi') },
    global: { priorityClassName: 'system-cluster-critical' },
    prometheus: { servicemonitor: { enabled: true } },
  };
}

/** cert-manager: issues the webhook and Vault TLS certificates from the platform CA. */
export class CertManagerAddon extends HelmAddon<CertManagerValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'cert-manager';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    kubeScoreIgnores: {
      'pod-probes':
        'the controller and cainjector serve no traffic (their Services expose metrics only); upstream gives them liveness probes only',
    },
    repeatableFlags: {
      '--dynamic-serving-dns-names':
        "a string-slice flag: the webhook adds each occurrence's names to its serving certificate",
    },
  };

  constructor(scope: Construct, id: string, props: AddonProps<CertManagerValues>) {
    const values = mergeValues(certManagerDefaults(props.context.highAvailability), props.values);
    super(scope, id, {
      addonName: CertManagerAddon.ADDON_NAME,
      namespace: 'cert-manager',
      chart: CERT_MANAGER_CHART,
      values,
      // Only the ServiceMonitor needs the Prometheus Operator: without it cert-manager stands alone.
      dependencies: values.prometheus.servicemonitor.enabled
        ? [
            {
              addon: KubePrometheusStackAddon.ADDON_NAME,
              reason: 'its ServiceMonitor is a Prometheus Operator resource',
            },
          ]
        : [],
      context: props.context,
    });
  }
}
