import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { DATA_STORE_PORTS } from '../../network/data-store-ports';
import { CertManagerAddon } from './cert-manager';
import { ISTIO_INGRESS_NAMESPACE, ISTIO_NAMESPACE, IstioCniAddon } from './istio';
import { OTEL_COLLECTOR_SERVICE } from './otel-collector-service';
import {
  ComponentFlow,
  INGRESS_TARGETS,
  PLATFORM_COMPONENTS,
  PLATFORM_FLOWS,
  PlatformComponent,
} from './platform-components';
import { PLATFORM_LABELS } from '../../vocabulary/platform-labels';
import {
  CertificateDurations,
  leafCertificateDurations,
} from '../../vocabulary/certificate-lifetime';

/** The platform CA's ClusterIssuer (this chart's `internalCa`); it signs in-cluster TLS. */
export const INTERNAL_CA_ISSUER = 'strata-internal-ca';
/** Namespaces with this label may attach routes to the front door's Gateway. */
export const FRONT_DOOR_NAMESPACE_LABEL = `${PLATFORM_LABELS.domain}/front-door`;

/** Each component namespace's ResourceQuota. */
export interface ResourceQuotaValues {
  /** CPU all pods of the namespace may request together. */
  readonly requestsCpu: string;
  /** Memory all pods may request together. */
  readonly requestsMemory: string;
  /** CPU limits all pods may set together. */
  readonly limitsCpu: string;
  /** Memory limits all pods may set together. */
  readonly limitsMemory: string;
  /** Pods the namespace may run. */
  readonly pods: number;
}

/** Each component namespace's LimitRange: what a container gets when it asks for nothing. */
export interface LimitRangeValues {
  /** CPU limit of a container that sets none. */
  readonly defaultCpu: string;
  /** Memory limit of a container that sets none. */
  readonly defaultMemory: string;
  /** CPU request of a container that sets none. */
  readonly defaultRequestCpu: string;
  /** Memory request of a container that sets none. */
  readonly defaultRequestMemory: string;
  /** The most CPU one container may set as its limit. */
  readonly maxCpu: string;
  /** The most memory one container may set as its limit. */
  readonly maxMemory: string;
}

/** A PriorityClass the chart creates. */
export interface PriorityClassValues {
  /** Its name, which pods set as `priorityClassName`. */
  readonly name: string;
  /** Its priority: higher is scheduled first and evicted last. */
  readonly value: number;
  /** What it is for. */
  readonly description: string;
}

/** A certificate the platform CA issues (a cert-manager Certificate). */
export interface CertificateValues {
  /** The Certificate's name, also its Secret's. */
  readonly name: string;
  /** The namespace it is issued in. */
  readonly namespace: string;
  /** The DNS names it is valid for. */
  readonly dnsNames: readonly string[];
  /** IP addresses it names, e.g. the loopback address a client in the pod itself uses. */
  readonly ipAddresses?: readonly string[];
}

/** Values of `charts/platform-baseline`; its values.schema.json is the same shape. */
export interface PlatformBaselineValues {
  /** The environment's name, on every object's labels. */
  readonly environment: string;
  /** The product's components: a namespace, quota, limits and policies each. */
  readonly components: readonly PlatformComponent[];
  /** Whether the component namespaces get the mesh's sidecars. */
  readonly meshInjection: boolean;
  /** Each component namespace's quota. */
  readonly quota: ResourceQuotaValues;
  /** Each component namespace's container defaults and limits. */
  readonly limitRange: LimitRangeValues;
  /** The platform's priority classes. */
  readonly priorityClasses: readonly PriorityClassValues[];
  /** The NetworkPolicies: default deny, and the flows the platform needs. */
  readonly networkPolicy: {
    /** The front door gateway's namespace, allowed into the ingress targets. */
    readonly ingressNamespace: string;
    /** istiod's namespace, which the sidecars reach. */
    readonly istioNamespace: string;
    /** Prometheus's namespace, which scrapes every component. */
    readonly monitoringNamespace: string;
    /** The data subnets and the stores' ports: the components' only way to their data. */
    readonly dataStores: {
      /** The data subnets' ranges. */
      readonly cidrs: readonly string[];
      /** The stores' ports. */
      readonly ports: readonly number[];
    };
    /** The OpenTelemetry collector the sidecars send spans to. */
    readonly tracing: {
      /** Its namespace. */
      readonly namespace: string;
      /** Its Service. */
      readonly service: string;
      /** Its OTLP port. */
      readonly port: number;
    };
    /** The component-to-component calls allowed. */
    readonly flows: readonly ComponentFlow[];
    /** The components the front door may reach. */
    readonly ingressTargets: readonly PlatformComponent[];
  };
  /** Label on the namespaces of `ingressTargets`: they may attach routes to the front door. */
  readonly frontDoorLabel: string;
  /** The platform CA: a self-signed root that cert-manager issues in-cluster certificates from. */
  readonly internalCa: {
    /** Whether the chart creates it. */
    readonly enabled: boolean;
    /** The root certificate's common name. */
    readonly commonName: string;
    /** Validity and renewal of the certificates it issues. */
    readonly leafLifetime: CertificateDurations;
    /** The certificates it issues. */
    readonly certificates: readonly CertificateValues[];
  };
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** The baseline's values for an environment: sizes by its availability, policies by its data subnets. */
export function platformBaselineDefaults(
  environment: string,
  highAvailability: boolean,
  dataSubnetCidrs: readonly string[],
): PlatformBaselineValues {
  return {
    labels: DEFAULT_CHART_LABELS,
    environment,
    components: [...PLATFORM_COMPONENTS],
    meshInjection: true,
    quota: highAvailability
      ? {
          requestsCpu: '32',
          requestsMemory: '64Gi',
          limitsCpu: '64',
          limitsMemory: '128Gi',
          pods: 300,
        }
      : { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
    limitRange: {
      defaultCpu: '500m',
      defaultMemory: '512Mi',
      defaultRequestCpu: '100m',
      defaultRequestMemory: '128Mi',
      maxCpu: '4',
      maxMemory: '8Gi',
    },
    priorityClasses: [
      { name: 'platform-critical', value: 100000, description: 'Gateway data path: evicted last' },
      { name: 'platform-standard', value: 10000, description: 'Registry, auditor and portal' },
      { name: 'platform-batch', value: 1000, description: 'Jobs and reports: preempted first' },
    ],
    networkPolicy: {
      ingressNamespace: ISTIO_INGRESS_NAMESPACE,
      istioNamespace: ISTIO_NAMESPACE,
      monitoringNamespace: 'monitoring',
      dataStores: {
        cidrs: [...dataSubnetCidrs],
        ports: [
          DATA_STORE_PORTS.postgres,
          DATA_STORE_PORTS.redis,
          DATA_STORE_PORTS.kafkaIam,
          DATA_STORE_PORTS.dax,
        ],
      },
      tracing: {
        namespace: OTEL_COLLECTOR_SERVICE.namespace,
        service: OTEL_COLLECTOR_SERVICE.name,
        port: OTEL_COLLECTOR_SERVICE.otlpGrpcPort,
      },
      flows: [...PLATFORM_FLOWS],
      ingressTargets: [...INGRESS_TARGETS],
    },
    frontDoorLabel: FRONT_DOOR_NAMESPACE_LABEL,
    internalCa: {
      enabled: true,
      commonName: INTERNAL_CA_ISSUER,
      leafLifetime: leafCertificateDurations(),
      certificates: [],
    },
  };
}

/** Properties of {@link PlatformBaselineAddon}. */
export interface PlatformBaselineProps extends AddonProps<PlatformBaselineValues> {
  /** The environment's name. */
  readonly environmentName: string;
  /** The data subnets the components reach their stores in. */
  readonly dataSubnetCidrs: readonly string[];
  /** @default charts/platform-baseline of this repository */
  readonly chart?: BundledChart;
}

/**
 * The in-cluster baseline from `charts/platform-baseline`: component namespaces with mesh
 * injection, quotas, limit ranges, priority classes, default-deny network policies with the
 * allows the call graph needs and the internal CA (each component's chart brings its own
 * disruption budgets).
 */
export class PlatformBaselineAddon extends HelmAddon<PlatformBaselineValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'platform-baseline';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    kubeScoreIgnores: {
      'networkpolicy-targets-pod':
        'the policies select the component pods Argo CD deploys later; kube-score sees only this chart',
    },
  };

  constructor(scope: Construct, id: string, props: PlatformBaselineProps) {
    const { context } = props;
    super(scope, id, {
      addonName: PlatformBaselineAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: props.chart ?? localChart(scope, 'platform-baseline'),
      values: mergeValues(
        platformBaselineDefaults(
          props.environmentName,
          context.highAvailability,
          props.dataSubnetCidrs,
        ),
        props.values,
      ),
      dependencies: [
        {
          addon: CertManagerAddon.ADDON_NAME,
          reason: 'the internal CA is a cert-manager ClusterIssuer',
        },
        {
          addon: IstioCniAddon.ADDON_NAME,
          reason:
            'the meshed component namespaces enforce restricted, which needs the CNI node agent',
        },
      ],
      context,
    });
  }
}
