import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, mergeValues } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';

/** The upstream chart this add-on installs, pinned to one version. */
export const ARGO_ROLLOUTS_CHART: RepositoryChart = {
  chart: 'argo-rollouts',
  repository: 'https://argoproj.github.io/argo-helm',
  version: '2.41.0',
};

/** The namespace `argo-rollouts`, where the argo-rollouts release runs. */
export const ARGO_ROLLOUTS_NAMESPACE = 'argo-rollouts';

/** The traffic providers the controller may act on; each enabled one adds RBAC to the cluster. */
interface ProviderRbac {
  /** Istio (the components' traffic shifting). */
  readonly istio: boolean;
  /** SMI. */
  readonly smi: boolean;
  /** Ambassador. */
  readonly ambassador: boolean;
  /** The AWS Load Balancer Controller. */
  readonly awsLoadBalancerController: boolean;
  /** AWS App Mesh. */
  readonly awsAppMesh: boolean;
  /** Traefik. */
  readonly traefik: boolean;
  /** Apache APISIX. */
  readonly apisix: boolean;
  /** Contour. */
  readonly contour: boolean;
  /** Gloo Platform. */
  readonly glooPlatform: boolean;
  /** The Gateway API plugin. */
  readonly gatewayAPI: boolean;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ArgoRolloutsValues {
  /** The rollouts controller. */
  readonly controller: {
    /** Its replicas (leader-elected). */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** The priority class of its pods. */
    readonly priorityClassName: string;
    /** Off with one replica: a budget of one would block every node drain. */
    /** Its disruption budget. */
    readonly pdb: {
      /** Whether the chart renders it. */
      readonly enabled: boolean;
      /** Pods that must stay up during a drain. */
      readonly minAvailable?: number;
    };
    /** Its metrics. */
    readonly metrics: {
      /** Whether the metrics endpoint is on. */
      readonly enabled: boolean;
      /** The Prometheus Operator ServiceMonitor. */
      readonly serviceMonitor: ComponentSwitch;
    };
  };
  /** The chart's UI: off, it would be one more unauthenticated endpoint. */
  readonly dashboard: ComponentSwitch;
  /** The RBAC the chart grants per traffic provider. */
  readonly providerRBAC: {
    /** Whether any is granted. */
    readonly enabled: boolean;
    /** Which. */
    readonly providers: ProviderRbac;
  };
}

/** Argo Rollouts' values for an environment: two replicas where it is highly available. */
export function argoRolloutsDefaults(highAvailability: boolean): ArgoRolloutsValues {
  return {
    controller: {
      // Leader election: the second replica takes over within seconds.
      replicas: highAvailability ? 2 : 1,
      resources: containerResources('50m', '128Mi', '512Mi'),
      priorityClassName: 'system-cluster-critical',
      pdb: highAvailability ? { enabled: true, minAvailable: 1 } : { enabled: false },
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
    },
    dashboard: { enabled: false },
    // Canaries shift pods, not traffic: no provider needs the controller's write access.
    providerRBAC: {
      enabled: false,
      providers: {
        istio: false,
        smi: false,
        ambassador: false,
        awsLoadBalancerController: false,
        awsAppMesh: false,
        traefik: false,
        apisix: false,
        contour: false,
        glooPlatform: false,
        gatewayAPI: false,
      },
    },
  };
}

/**
 * Argo Rollouts: progressive delivery of the product's components. Each component's Rollout
 * (charts/platform-service) moves to a new image in canary steps while an AnalysisRun reads its
 * error rate and p99 latency from the platform's Prometheus, and rolls back on a failure
 * (seed: "Canary deployments with automated rollback").
 */
export class ArgoRolloutsAddon extends HelmAddon<ArgoRolloutsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'argo-rollouts';

  constructor(scope: Construct, id: string, props: AddonProps<ArgoRolloutsValues>) {
    super(scope, id, {
      addonName: ArgoRolloutsAddon.ADDON_NAME,
      namespace: ARGO_ROLLOUTS_NAMESPACE,
      chart: ARGO_ROLLOUTS_CHART,
      values: mergeValues(argoRolloutsDefaults(props.context.highAvailability), props.values),
      dependencies: [
        {
          addon: KubePrometheusStackAddon.ADDON_NAME,
          reason: 'the analyses query its Prometheus, and it installs the ServiceMonitor CRD',
        },
      ],
      context: props.context,
    });
  }
}
