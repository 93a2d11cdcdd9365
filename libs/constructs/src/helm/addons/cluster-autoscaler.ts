import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues } from '../values';

export const CLUSTER_AUTOSCALER_CHART: RepositoryChart = {
  chart: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '9.52.1',
};

export interface ClusterAutoscalerValues {
  readonly autoDiscovery: { readonly clusterName: string };
  readonly awsRegion: string;
  readonly image: { readonly tag: string };
  readonly replicaCount: number;
  readonly priorityClassName: string;
  readonly resources: ContainerResources;
  readonly containerSecurityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
  readonly rbac: {
    readonly serviceAccount: {
      readonly name: string;
      readonly annotations: Readonly<Record<string, string>>;
    };
  };
  readonly extraArgs: Readonly<Record<string, string | boolean>>;
}

/**
 * Where the autoscaler runs. Its AWS role is bound to this service account by a Pod Identity
 * association, made with the role where the node groups are (the cluster stack).
 */
export const CLUSTER_AUTOSCALER_NAMESPACE = 'kube-system';
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = 'cluster-autoscaler';

export type ClusterAutoscalerProps = AddonProps<ClusterAutoscalerValues>;

/** Cluster autoscaler: grows and shrinks the managed node groups it discovers by tag. */
export class ClusterAutoscalerAddon extends HelmAddon<ClusterAutoscalerValues> {
  static readonly ADDON_NAME = 'cluster-autoscaler';
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      { path: ['extraArgs'], reason: "the autoscaler's command-line flags, by name" },
    ],
    kubeScoreIgnores: {
      'pod-probes': 'a controller that serves no traffic; upstream gives it a liveness probe only',
    },
  };

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    const { context } = props;
    // The image's minor version must match the cluster's; the release table pins it.
    const imageTag = context.release.clusterAutoscaler;
    const defaults: ClusterAutoscalerValues = {
      autoDiscovery: { clusterName: context.clusterName },
      awsRegion: context.region,
      image: { tag: imageTag },
      replicaCount: context.highAvailability ? 2 : 1,
      priorityClassName: 'system-cluster-critical',
      resources: containerResources('100m', '300Mi'),
      containerSecurityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      rbac: {
        serviceAccount: {
          name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
          // Pod Identity: no role annotation.
          annotations: {},
        },
      },
      extraArgs: {
        'balance-similar-node-groups': true,
        expander: 'least-waste',
        'skip-nodes-with-system-pods': false,
        'scale-down-utilization-threshold': '0.6',
      },
    };
    super(scope, id, {
      addonName: ClusterAutoscalerAddon.ADDON_NAME,
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      chart: CLUSTER_AUTOSCALER_CHART,
      values: mergeValues(defaults, props.values),
      context,
    });
  }
}
