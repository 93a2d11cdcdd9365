import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { checkKubernetesSupport, KubernetesSupport } from '../kubernetes-support';
import { containerResources, ResourcesOnly } from '../resources';
import { ComponentSwitch, mergeValues, ServiceAccountValues } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';

const KARPENTER_REPOSITORY = 'oci://public.ecr.aws/karpenter';
const KARPENTER_VERSION = '1.14.1';
/**
 * Kubernetes minor versions Karpenter is announced for: its compatibility matrix gives 1.29
 * to 1.35 from v1.9 on; no release here announces 1.36 yet.
 */
export const KARPENTER_SUPPORTED_KUBERNETES: KubernetesSupport = { min: 29, max: 35 };

/** Karpenter's CRDs as templates, so an upgrade upgrades them (a chart's `crds/` never is). */
export const KARPENTER_CRD_CHART: RepositoryChart = {
  chart: 'karpenter-crd',
  repository: KARPENTER_REPOSITORY,
  version: KARPENTER_VERSION,
};

/** The upstream chart this add-on installs, pinned to one version. */
export const KARPENTER_CHART: RepositoryChart = {
  chart: 'karpenter',
  repository: KARPENTER_REPOSITORY,
  version: KARPENTER_VERSION,
};

/**
 * Where the controller runs. Its AWS role is bound to this service account by a Pod Identity
 * association, made with the role and the interruption queue in the cluster stack.
 */
export const KARPENTER_NAMESPACE = 'karpenter';
/** The service account Karpenter's controller runs as (its IAM role trusts this name). */
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface KarpenterValues {
  /** Karpenter's settings. */
  readonly settings: {
    /** The cluster it launches nodes for. */
    readonly clusterName: string;
    /** The SQS queue of interruption notices it acts on. */
    readonly interruptionQueue: string;
    /** Feature gates. */
    readonly featureGates: {
      /** Replace spot nodes with cheaper spot nodes. */
      readonly spotToSpotConsolidation: boolean;
    };
  };
  /** Controller replicas (leader-elected). */
  readonly replicas: number;
  /** The controller's service account, which carries its IAM role. */
  readonly serviceAccount: ServiceAccountValues;
  /** The controller container. */
  readonly controller: ResourcesOnly;
  /** The Prometheus Operator ServiceMonitor. */
  readonly serviceMonitor: ComponentSwitch;
  /** The controller's log level. */
  readonly logLevel: 'debug' | 'info' | 'error';
}

/** Properties of {@link KarpenterAddon}. */
export interface KarpenterProps extends AddonProps<KarpenterValues> {
  /** SQS queue of the interruption notices (the cluster contract's `karpenterInterruptionQueueName`). */
  readonly interruptionQueueName: string;
}

/** Karpenter's CustomResourceDefinitions (NodePool, EC2NodeClass, NodeClaim, ...). */
export class KarpenterCrdAddon extends HelmAddon<Record<string, never>> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'karpenter-crd';

  constructor(scope: Construct, id: string, props: AddonProps<Record<string, never>>) {
    super(scope, id, {
      addonName: KarpenterCrdAddon.ADDON_NAME,
      namespace: KARPENTER_NAMESPACE,
      chart: KARPENTER_CRD_CHART,
      values: mergeValues({}, props.values),
      context: props.context,
    });
  }
}

/**
 * Karpenter: launches right-sized nodes for pending pods from the NodePools, consolidates
 * underused ones, and drains nodes ahead of spot interruptions and maintenance. It runs on
 * the system node group (the chart keeps it off the nodes it manages).
 */
export class KarpenterAddon extends HelmAddon<KarpenterValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'karpenter';

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    const { context } = props;
    checkKubernetesSupport(
      `Karpenter ${KARPENTER_VERSION}`,
      KARPENTER_SUPPORTED_KUBERNETES,
      context.kubernetesVersion,
    );
    const defaults: KarpenterValues = {
      settings: {
        clusterName: context.clusterName,
        interruptionQueue: props.interruptionQueueName,
        featureGates: { spotToSpotConsolidation: true },
      },
      // Leader election: a second replica takes over within seconds.
      replicas: context.highAvailability ? 2 : 1,
      serviceAccount: {
        create: true,
        name: KARPENTER_SERVICE_ACCOUNT,
        // Pod Identity: no role annotation.
        annotations: {},
      },
      controller: { resources: containerResources('250m', '512Mi', '1Gi') },
      serviceMonitor: { enabled: true },
      logLevel: 'info',
    };
    const values = mergeValues(defaults, props.values);
    super(scope, id, {
      addonName: KarpenterAddon.ADDON_NAME,
      namespace: KARPENTER_NAMESPACE,
      chart: KARPENTER_CHART,
      values,
      skipCrds: true,
      dependencies: [
        { addon: KarpenterCrdAddon.ADDON_NAME, reason: 'it installs the CRDs Karpenter watches' },
        ...(values.serviceMonitor.enabled
          ? [
              {
                addon: KubePrometheusStackAddon.ADDON_NAME,
                reason: 'its ServiceMonitor is a Prometheus Operator resource',
              },
            ]
          : []),
      ],
      context,
    });
  }
}
