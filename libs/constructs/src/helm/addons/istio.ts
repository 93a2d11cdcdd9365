import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';
import { AwsLoadBalancerControllerAddon } from './aws-load-balancer-controller';

const ISTIO_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
/** One Istio release for base, istiod and the gateway: they must move together. */
export const ISTIO_VERSION = '1.27.3';

export const ISTIO_BASE_CHART: RepositoryChart = {
  chart: 'base',
  repository: ISTIO_REPOSITORY,
  version: ISTIO_VERSION,
};
export const ISTIOD_CHART: RepositoryChart = {
  chart: 'istiod',
  repository: ISTIO_REPOSITORY,
  version: ISTIO_VERSION,
};
export const ISTIO_GATEWAY_CHART: RepositoryChart = {
  chart: 'gateway',
  repository: ISTIO_REPOSITORY,
  version: ISTIO_VERSION,
};

export const ISTIO_NAMESPACE = 'istio-system';
export const ISTIO_INGRESS_NAMESPACE = 'istio-ingress';

export interface IstioBaseValues {
  readonly defaultRevision: string;
}

/** Istio base: the CRDs and cluster roles istiod needs. */
export class IstioBaseAddon extends HelmAddon<IstioBaseValues> {
  static readonly ADDON_NAME = 'istio-base';

  constructor(scope: Construct, id: string, props: AddonProps<IstioBaseValues>) {
    super(scope, id, {
      addonName: IstioBaseAddon.ADDON_NAME,
      namespace: ISTIO_NAMESPACE,
      chart: ISTIO_BASE_CHART,
      values: mergeValues({ defaultRevision: 'default' }, props.values),
      context: props.context,
    });
  }
}

export interface IstiodValues {
  readonly pilot: {
    readonly autoscaleMin: number;
    readonly autoscaleMax: number;
    readonly priorityClassName: string;
  };
  readonly meshConfig: {
    /** Envoy access logs of every request, as JSON on stdout (collected with the pod logs). */
    readonly accessLogFile: string;
    readonly accessLogEncoding: 'JSON' | 'TEXT';
    readonly enableTracing: boolean;
    readonly defaultConfig: {
      readonly holdApplicationUntilProxyStarts: boolean;
      readonly tracing: { readonly sampling: number };
    };
    readonly extensionProviders: ReadonlyArray<{
      readonly name: string;
      readonly opentelemetry: { readonly service: string; readonly port: number };
    }>;
    readonly defaultProviders: { readonly tracing: readonly string[] };
    readonly outboundTrafficPolicy: { readonly mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
  };
  readonly global: { readonly proxy: { readonly privileged: boolean } };
}

export function istiodDefaults(highAvailability: boolean): IstiodValues {
  return {
    pilot: {
      autoscaleMin: highAvailability ? 2 : 1,
      autoscaleMax: highAvailability ? 5 : 2,
      priorityClassName: 'system-cluster-critical',
    },
    meshConfig: {
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'JSON',
      enableTracing: true,
      defaultConfig: {
        holdApplicationUntilProxyStarts: true,
        tracing: { sampling: highAvailability ? 1 : 100 },
      },
      // Spans go to the OpenTelemetry collector, which forwards to X-Ray (observability layer).
      extensionProviders: [
        {
          name: 'otel-tracing',
          opentelemetry: { service: 'otel-collector.monitoring.svc.cluster.local', port: 4317 },
        },
      ],
      defaultProviders: { tracing: ['otel-tracing'] },
      // Unknown destinations are refused: egress must be declared as a ServiceEntry.
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
    global: { proxy: { privileged: false } },
  };
}

/** istiod: the mesh control plane, with access logs and tracing on for every workload. */
export class IstiodAddon extends HelmAddon<IstiodValues> {
  static readonly ADDON_NAME = 'istiod';

  constructor(scope: Construct, id: string, props: AddonProps<IstiodValues>) {
    super(scope, id, {
      addonName: IstiodAddon.ADDON_NAME,
      namespace: ISTIO_NAMESPACE,
      chart: ISTIOD_CHART,
      values: mergeValues(istiodDefaults(props.context.highAvailability), props.values),
      dependencies: [{ addon: IstioBaseAddon.ADDON_NAME, reason: 'it installs the Istio CRDs' }],
      context: props.context,
    });
  }
}

export interface IstioGatewayValues {
  readonly service: {
    readonly type: 'ClusterIP' | 'LoadBalancer';
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly autoscaling: {
    readonly enabled: boolean;
    readonly minReplicas: number;
    readonly maxReplicas: number;
  };
  readonly podDisruptionBudget: { readonly minAvailable: number };
  readonly priorityClassName: string;
}

export function istioGatewayDefaults(highAvailability: boolean): IstioGatewayValues {
  return {
    // The edge layer's ALB (WAF, ACM certificate, access logs) reaches the gateway pods
    // directly through a TargetGroupBinding, so the Service needs no load balancer of its own.
    service: { type: 'ClusterIP' },
    autoscaling: {
      enabled: true,
      minReplicas: highAvailability ? 3 : 1,
      maxReplicas: highAvailability ? 10 : 3,
    },
    podDisruptionBudget: { minAvailable: 1 },
    priorityClassName: 'system-cluster-critical',
  };
}

/** The gateway's Service: the edge layer binds its ALB target group to this name and port. */
export const ISTIO_GATEWAY_SERVICE = { name: 'istio-ingressgateway', httpsPort: 443 } as const;

/** Istio ingress gateway; the edge layer's ALB sends traffic to its pods (IP targets). */
export class IstioGatewayAddon extends HelmAddon<IstioGatewayValues> {
  static readonly ADDON_NAME = ISTIO_GATEWAY_SERVICE.name;

  constructor(scope: Construct, id: string, props: AddonProps<IstioGatewayValues>) {
    super(scope, id, {
      addonName: IstioGatewayAddon.ADDON_NAME,
      namespace: ISTIO_INGRESS_NAMESPACE,
      chart: ISTIO_GATEWAY_CHART,
      values: mergeValues(istioGatewayDefaults(props.context.highAvailability), props.values),
      dependencies: [
        { addon: IstiodAddon.ADDON_NAME, reason: 'it injects and configures the gateway proxies' },
        {
          addon: AwsLoadBalancerControllerAddon.ADDON_NAME,
          reason: "it registers the gateway pods in the edge layer's ALB target group",
        },
      ],
      context: props.context,
    });
  }
}
