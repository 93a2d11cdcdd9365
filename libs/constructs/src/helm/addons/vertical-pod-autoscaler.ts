import { leafCertificateDurations } from '../../vocabulary/certificate-lifetime';
import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, mergeValues, MinAvailableBudget } from '../values';
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
  /** The controller's replicas. */
  readonly replicas: number;
  /** Its resources. */
  readonly resources: ContainerResources;
  /** Off with one replica: a budget of one would block every node drain. */
  readonly podDisruptionBudget: MinAvailableBudget;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface VerticalPodAutoscalerValues {
  /** Every pod's security context. */
  readonly podSecurityContext: PodSecurityContext;
  /** Every container's security context. */
  readonly containerSecurityContext: ContainerSecurityContext;
  /** The admission controller, which sets pods' requests from the recommendations. */
  readonly admissionController: VpaControllerValues & {
    /** The webhook's certificate comes from cert-manager, not the chart's certgen Jobs. */
    readonly certGen: ComponentSwitch;
    /** Its certificate from cert-manager. */
    readonly certManager: {
      /** Whether cert-manager issues it. */
      readonly enabled: boolean;
      /** The issuer that signs it. */
      readonly issuerRef: {
        /** The issuer's name. */
        readonly name: string;
        /** A ClusterIssuer. */
        readonly kind: 'ClusterIssuer';
      };
      /** How long the webhook's certificate is valid (the chart's default is 7 days). */
      readonly duration: string;
      /** How long before expiry cert-manager renews it (the chart's default is 1 day). */
      readonly renewBefore: string;
    };
    /** Its webhook. */
    readonly mutatingWebhookConfiguration: {
      /** `Ignore`: a pod is admitted unchanged when the webhook is down. */
      readonly failurePolicy: 'Ignore' | 'Fail';
    };
  };
  /** The recommender, which computes requests from usage. */
  readonly recommender: VpaControllerValues;
  /** The updater, which evicts pods whose requests are far off. */
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

/** VPA's values for an environment: two or more replicas where it is highly available. */
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
        // The platform's leaf lifetime, as for every in-cluster certificate.
        ...leafCertificateDurations(),
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
