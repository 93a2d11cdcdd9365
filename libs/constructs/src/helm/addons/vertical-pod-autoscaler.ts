import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, mergeValues } from '../values';
import { CertManagerAddon } from './cert-manager';
import { INTERNAL_CA_ISSUER, PlatformBaselineAddon } from './platform-baseline';
import { ContainerSecurityContext, PodSecurityContext } from '../security-context';

/** The upstream chart this add-on installs, pinned to one version. */
export const VERTICAL_POD_AUTOSCALER_CHART: RepositoryChart = {
  chart: 'vertical-pod-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '0.11.0',
};

/** The namespace `vertical-pod-autoscaler`, where the vertical-pod-autoscaler release runs. */
export const VERTICAL_POD_AUTOSCALER_NAMESPACE = 'vertical-pod-autoscaler';

/** What each of the three controllers takes. */
export interface VpaControllerValues {
  readonly replicas: number;
  readonly resources: ContainerResources;
  /** Off with one replica: a budget of one would block every node drain. */
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface VerticalPodAutoscalerValues {
  readonly podSecurityContext: PodSecurityContext;
  readonly containerSecurityContext: ContainerSecurityContext;
  readonly admissionController: VpaControllerValues & {
    /** The webhook's certificate comes from cert-manager, not the chart's certgen Jobs. */
    readonly certGen: ComponentSwitch;
    readonly certManager: {
      readonly enabled: boolean;
      readonly issuerRef: { readonly name: string; readonly kind: 'ClusterIssuer' };
    };
    readonly mutatingWebhookConfiguration: { readonly failurePolicy: 'Ignore' | 'Fail' };
  };
  readonly recommender: VpaControllerValues;
  readonly updater: VpaControllerValues;
}

function controller(highAvailability: boolean, resources: ContainerResources): VpaControllerValues {
  return {
    replicas: highAvailability ? 2 : 1,
    resources,
    podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
    priorityClassName: 'system-cluster-critical',
  };
}

export function verticalPodAutoscalerDefaults(
  highAvailability: boolean,
): VerticalPodAutoscalerValues {
  return {
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    admissionController: {
      ...controller(highAvailability, containerResources('50m', '128Mi', '256Mi')),
      certGen: { enabled: false },
      certManager: {
        enabled: true,
        issuerRef: { name: INTERNAL_CA_ISSUER, kind: 'ClusterIssuer' },
      },
      // A VPA outage must not stop pods from being created; they keep the requests they ask for.
      mutatingWebhookConfiguration: { failurePolicy: 'Ignore' },
    },
    recommender: controller(highAvailability, containerResources('50m', '256Mi', '1Gi')),
    updater: controller(highAvailability, containerResources('50m', '128Mi', '256Mi')),
  };
}

/**
 * The Vertical Pod Autoscaler: the recommender learns each workload's CPU and memory use, and
 * for every `VerticalPodAutoscaler` object the updater and admission webhook right-size its
 * pods' requests (seed: "VPA for right-sizing resource requests"). A workload opts in with its
 * own VerticalPodAutoscaler; `updateMode: "Off"` only records recommendations.
 */
export class VerticalPodAutoscalerAddon extends HelmAddon<VerticalPodAutoscalerValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'vertical-pod-autoscaler';

  constructor(scope: Construct, id: string, props: AddonProps<VerticalPodAutoscalerValues>) {
    super(scope, id, {
      addonName: VerticalPodAutoscalerAddon.ADDON_NAME,
      namespace: VERTICAL_POD_AUTOSCALER_NAMESPACE,
      chart: VERTICAL_POD_AUTOSCALER_CHART,
      values: mergeValues(
        verticalPodAutoscalerDefaults(props.context.highAvailability),
        props.values,
      ),
      dependencies: [
        { addon: CertManagerAddon.ADDON_NAME, reason: "it issues the webhook's certificate" },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: `its internal CA (${INTERNAL_CA_ISSUER}) signs the webhook's certificate`,
        },
      ],
      context: props.context,
    });
  }
}
