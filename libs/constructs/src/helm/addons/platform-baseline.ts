import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { mergeValues } from '../values';
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

/** The platform CA's ClusterIssuer (this chart's `internalCa`); it signs in-cluster TLS. */
export const INTERNAL_CA_ISSUER = 'strata-internal-ca';
/** Namespaces with this label may attach routes to the front door's Gateway. */
export const FRONT_DOOR_NAMESPACE_LABEL = 'strata.io/front-door';

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ResourceQuotaValues {
  readonly requestsCpu: string;
  readonly requestsMemory: string;
  readonly limitsCpu: string;
  readonly limitsMemory: string;
  readonly pods: number;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface LimitRangeValues {
  readonly defaultCpu: string;
  readonly defaultMemory: string;
  readonly defaultRequestCpu: string;
  readonly defaultRequestMemory: string;
  readonly maxCpu: string;
  readonly maxMemory: string;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface PriorityClassValues {
  readonly name: string;
  readonly value: number;
  readonly description: string;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface CertificateValues {
  readonly name: string;
  readonly namespace: string;
  readonly dnsNames: readonly string[];
  /** IP addresses it names, e.g. the loopback address a client in the pod itself uses. */
  readonly ipAddresses?: readonly string[];
}

/** Values of `charts/platform-baseline`; its values.schema.json is the same shape. */
export interface PlatformBaselineValues {
  readonly environment: string;
  readonly components: readonly PlatformComponent[];
  readonly meshInjection: boolean;
  readonly quota: ResourceQuotaValues;
  readonly limitRange: LimitRangeValues;
  readonly priorityClasses: readonly PriorityClassValues[];
  readonly networkPolicy: {
    readonly ingressNamespace: string;
    readonly istioNamespace: string;
    readonly monitoringNamespace: string;
    /** The data subnets and the stores' ports: the components' only way to their data. */
    readonly dataStores: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
    /** The OpenTelemetry collector the sidecars send spans to. */
    readonly tracing: {
      readonly namespace: string;
      readonly service: string;
      readonly port: number;
    };
    readonly flows: readonly ComponentFlow[];
    readonly ingressTargets: readonly PlatformComponent[];
  };
  /** Label on the namespaces of `ingressTargets`: they may attach routes to the front door. */
  readonly frontDoorLabel: string;
  readonly internalCa: {
    readonly enabled: boolean;
    readonly commonName: string;
    readonly certificates: readonly CertificateValues[];
  };
}

export function platformBaselineDefaults(
  environment: string,
  highAvailability: boolean,
  dataSubnetCidrs: readonly string[],
): PlatformBaselineValues {
  return {
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
    internalCa: { enabled: true, commonName: INTERNAL_CA_ISSUER, certificates: [] },
  };
}

/** Properties of {@link PlatformBaselineAddon}. */
export interface PlatformBaselineProps extends AddonProps<PlatformBaselineValues> {
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
