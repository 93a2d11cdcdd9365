import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { checkKubernetesSupport, KubernetesSupport } from '../kubernetes-support';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import {
  MESH_SIDECAR_MEMORY_LIMIT_MIB,
  MESH_SIDECAR_REQUESTS,
} from '../../vocabulary/mesh-sidecar';
import { ComponentSwitch, mergeValues } from '../values';
import { AwsLoadBalancerControllerAddon } from './aws-load-balancer-controller';
import { GatewayApiCrdsAddon } from './gateway-api-crds';
import { OTEL_COLLECTOR_SERVICE } from './otel-collector-service';
import { RUNTIME_DEFAULT_SECCOMP } from '../security-context';

const ISTIO_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
/**
 * One Istio release for base, CNI, istiod and the gateway: they must move together. 1.30 is
 * announced for Kubernetes 1.32 to 1.36 (istioctl refuses below 1.32); 1.27 stopped at 1.33.
 */
export const ISTIO_VERSION = '1.30.3';
/** Kubernetes minor versions Istio ISTIO_VERSION is announced for. */
export const ISTIO_SUPPORTED_KUBERNETES: KubernetesSupport = { min: 32, max: 36 };

function istioChart(chart: string): RepositoryChart {
  return { chart, repository: ISTIO_REPOSITORY, version: ISTIO_VERSION };
}
/** The upstream chart this add-on installs, pinned to one version. */
export const ISTIO_BASE_CHART = istioChart('base');
/** The upstream chart this add-on installs, pinned to one version. */
export const ISTIO_CNI_CHART = istioChart('cni');
/** The upstream chart this add-on installs, pinned to one version. */
export const ISTIOD_CHART = istioChart('istiod');
/** The upstream chart this add-on installs, pinned to one version. */
export const ISTIO_GATEWAY_CHART = istioChart('gateway');

/** The namespace `istio-system`, where the istio release runs. */
export const ISTIO_NAMESPACE = 'istio-system';
/** The namespace `istio-cni`, where the istio-cni release runs. */
export const ISTIO_CNI_NAMESPACE = 'istio-cni';
/** The namespace `istio-ingress`, where the istio-ingress release runs. */
export const ISTIO_INGRESS_NAMESPACE = 'istio-ingress';

/** Fails synth for a cluster version outside Istio's announced support. */
export function checkIstioSupports(kubernetesVersion: string): void {
  checkKubernetesSupport(`Istio ${ISTIO_VERSION}`, ISTIO_SUPPORTED_KUBERNETES, kubernetesVersion);
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface IstioBaseValues {
  /** The revision the `default` tag points at (istiod's validation webhook follows it). */
  readonly defaultRevision: string;
}

/** Istio base: the CRDs and cluster roles istiod needs. */
export class IstioBaseAddon extends HelmAddon<IstioBaseValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'istio-base';

  constructor(scope: Construct, id: string, props: AddonProps<IstioBaseValues>) {
    checkIstioSupports(props.context.kubernetesVersion);
    super(scope, id, {
      addonName: IstioBaseAddon.ADDON_NAME,
      namespace: ISTIO_NAMESPACE,
      chart: ISTIO_BASE_CHART,
      values: mergeValues({ defaultRevision: 'default' }, props.values),
      context: props.context,
    });
  }
}

/** The chart's defaults fit EKS (VPC CNI's paths, system-node-critical priority built in). */
export interface IstioCniValues {
  /** The node agent's resources. */
  readonly resources: ContainerResources;
}

/**
 * Istio CNI node agent: sets up each meshed pod's traffic redirection from the node, so
 * injected pods carry no NET_ADMIN/NET_RAW init container and their namespaces can enforce
 * Pod Security `restricted`. It alone needs host access, in its own `privileged` namespace.
 */
export class IstioCniAddon extends HelmAddon<IstioCniValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'istio-cni';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    kubeScoreIgnores: {
      'container-security-context-readonlyrootfilesystem':
        'the node agent stages the CNI plugin and its configuration in its own filesystem before copying them to the host',
    },
  };

  constructor(scope: Construct, id: string, props: AddonProps<IstioCniValues>) {
    super(scope, id, {
      addonName: IstioCniAddon.ADDON_NAME,
      namespace: ISTIO_CNI_NAMESPACE,
      chart: ISTIO_CNI_CHART,
      values: mergeValues<IstioCniValues>(
        { resources: containerResources('100m', '100Mi', '256Mi') },
        props.values,
      ),
      dependencies: [{ addon: IstioBaseAddon.ADDON_NAME, reason: 'it is part of the same mesh' }],
      context: props.context,
    });
  }
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface IstiodValues {
  /** The fewest istiod replicas (its autoscaler's floor). */
  readonly autoscaleMin: number;
  /** The most istiod replicas. */
  readonly autoscaleMax: number;
  /** istiod's resources. */
  readonly resources: ContainerResources;
  /** istiod's seccomp profile. */
  readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
  /** Injected pods rely on the CNI node agent instead of an iptables init container. */
  readonly cni: ComponentSwitch;
  /** The mesh's configuration (MeshConfig). */
  readonly meshConfig: {
    /** Envoy access logs of every request, as JSON on stdout (collected with the pod logs). */
    readonly accessLogFile: string;
    /** The access log's format. */
    readonly accessLogEncoding: 'JSON' | 'TEXT';
    /** Whether the proxies trace requests. */
    readonly enableTracing: boolean;
    /** The proxies' defaults. */
    readonly defaultConfig: {
      /** Start the application only when its sidecar is ready (no request goes out before it). */
      readonly holdApplicationUntilProxyStarts: boolean;
      /** The proxies' tracing. */
      readonly tracing: {
        /** Percent of requests traced. */
        readonly sampling: number;
      };
    };
    /** Where the mesh can send telemetry, by name. */
    readonly extensionProviders: ReadonlyArray<{
      /** The provider's name, which `defaultProviders` names. */
      readonly name: string;
      /** An OpenTelemetry collector. */
      readonly opentelemetry: {
        /** Its Service's address. */
        readonly service: string;
        /** Its OTLP gRPC port. */
        readonly port: number;
      };
    }>;
    /** The providers used when no Telemetry resource says otherwise. */
    readonly defaultProviders: {
      /** Where spans go. */
      readonly tracing: readonly string[];
    };
    /** Where pods may call outside the mesh. */
    readonly outboundTrafficPolicy: {
      /** `REGISTRY_ONLY`: only to declared services (ServiceEntries). */
      readonly mode: 'ALLOW_ANY' | 'REGISTRY_ONLY';
    };
  };
  /** Settings of every component and proxy. */
  readonly global: {
    /** The priority class of istiod's pods. */
    readonly priorityClassName: string;
    /** Logs as JSON. */
    readonly logAsJson: boolean;
    /** The injected sidecars. */
    readonly proxy: {
      /** `false`: the sidecar runs unprivileged. */
      readonly privileged: boolean;
      /** Set on every injected container, so meshed pods pass Pod Security `restricted`. */
      readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
      /** The sidecar's own requests, which capacity checks add to every meshed pod. */
      readonly resources: ContainerResources;
    };
  };
}

/** The extension provider the mesh sends its spans to. */
export const MESH_TRACING_PROVIDER = 'otel-tracing';

/** istiod's values for an environment: two or more replicas where it is highly available. */
export function istiodDefaults(highAvailability: boolean): IstiodValues {
  return {
    autoscaleMin: highAvailability ? 2 : 1,
    autoscaleMax: highAvailability ? 5 : 2,
    // The chart asks 500m/2Gi; a development mesh of a few dozen pods needs far less.
    resources: highAvailability
      ? containerResources('500m', '2Gi', '4Gi')
      : containerResources('100m', '512Mi'),
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    cni: { enabled: true },
    meshConfig: {
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'JSON',
      enableTracing: true,
      defaultConfig: {
        holdApplicationUntilProxyStarts: true,
        // Every span goes to the collector, which keeps errors and samples the rest
        // (OtelCollectorAddon): a proxy cannot know yet whether a trace will fail.
        tracing: { sampling: 100 },
      },
      extensionProviders: [
        {
          name: MESH_TRACING_PROVIDER,
          opentelemetry: {
            service: `${OTEL_COLLECTOR_SERVICE.name}.${OTEL_COLLECTOR_SERVICE.namespace}.svc.cluster.local`,
            port: OTEL_COLLECTOR_SERVICE.otlpGrpcPort,
          },
        },
      ],
      defaultProviders: { tracing: [MESH_TRACING_PROVIDER] },
      // Unknown destinations are refused: egress must be declared as a ServiceEntry.
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
    global: {
      priorityClassName: 'system-cluster-critical',
      logAsJson: true,
      proxy: {
        privileged: false,
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
        resources: containerResources(
          `${MESH_SIDECAR_REQUESTS.cpuMillis}m`,
          `${MESH_SIDECAR_REQUESTS.memoryMib}Mi`,
          `${MESH_SIDECAR_MEMORY_LIMIT_MIB}Mi`,
        ),
      },
    },
  };
}

/** istiod: the mesh control plane, with access logs and tracing on for every workload. */
export class IstiodAddon extends HelmAddon<IstiodValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'istiod';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      { path: ['meshConfig'], reason: "Istio's MeshConfig API, which istiod validates" },
    ],
  };

  constructor(scope: Construct, id: string, props: AddonProps<IstiodValues>) {
    super(scope, id, {
      addonName: IstiodAddon.ADDON_NAME,
      namespace: ISTIO_NAMESPACE,
      chart: ISTIOD_CHART,
      values: mergeValues(istiodDefaults(props.context.highAvailability), props.values),
      dependencies: [
        { addon: IstioBaseAddon.ADDON_NAME, reason: 'it installs the Istio CRDs' },
        {
          addon: IstioCniAddon.ADDON_NAME,
          reason: 'injected pods (cni.enabled) wait for the CNI node agent',
        },
        {
          addon: GatewayApiCrdsAddon.ADDON_NAME,
          reason: 'istiod implements the Gateway API the front door uses',
        },
      ],
      context: props.context,
    });
  }
}

/**
 * The gateway's Service and pods: the edge layer's ALB target group registers the pods on
 * `httpsTargetPort` and probes `statusPort` (Envoy's readiness); the front door's Gateway
 * listens on `httpsPort`.
 */
export const ISTIO_GATEWAY_SERVICE = {
  /** The Service's (and the release's) name. */
  name: 'istio-ingressgateway',
  /** The Service's HTTPS port. */
  httpsPort: 443,
  /** Above 1024, so Envoy binds it without the unprivileged-port sysctl. */
  httpsTargetPort: 8443,
  /** Envoy's status port, where the load balancer checks readiness. */
  statusPort: 15021,
  /** The readiness path on the status port. */
  readinessPath: '/healthz/ready',
} as const;

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface IstioGatewayValues {
  /** The gateway's Service. */
  readonly service: {
    /** Its type: `ClusterIP`, as the load balancer reaches the pods directly. */
    readonly type: 'ClusterIP' | 'LoadBalancer';
    /** Its ports. */
    readonly ports: ReadonlyArray<{
      /** The port's name. */
      readonly name: string;
      /** The Service's port. */
      readonly port: number;
      /** Its protocol. */
      readonly protocol: 'TCP';
      /** The container port it forwards to. */
      readonly targetPort: number;
    }>;
  };
  /** Horizontal scaling of the gateway. */
  readonly autoscaling: {
    /** Whether it scales. */
    readonly enabled: boolean;
    /** The fewest replicas. */
    readonly minReplicas: number;
    /** The most replicas. */
    readonly maxReplicas: number;
  };
  /** Its disruption budget. */
  readonly podDisruptionBudget: {
    /** Gateway pods that must stay up during a drain. */
    readonly minAvailable: number;
  };
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  /** The gateway pods' security context. */
  readonly securityContext: {
    /** The seccomp profile. */
    readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
  };
}

/** The gateway's values for an environment: two or more replicas where it is highly available. */
export function istioGatewayDefaults(highAvailability: boolean): IstioGatewayValues {
  return {
    // The edge layer's ALB (WAF, ACM certificate, access logs) reaches the gateway pods
    // directly through a TargetGroupBinding, so the Service needs no load balancer of its own
    // and no plain-HTTP port (the ALB redirects port 80 itself).
    service: {
      type: 'ClusterIP',
      ports: [
        {
          name: 'status-port',
          port: ISTIO_GATEWAY_SERVICE.statusPort,
          protocol: 'TCP',
          targetPort: ISTIO_GATEWAY_SERVICE.statusPort,
        },
        {
          name: 'https',
          port: ISTIO_GATEWAY_SERVICE.httpsPort,
          protocol: 'TCP',
          targetPort: ISTIO_GATEWAY_SERVICE.httpsTargetPort,
        },
      ],
    },
    autoscaling: {
      enabled: true,
      minReplicas: highAvailability ? 3 : 1,
      maxReplicas: highAvailability ? 10 : 3,
    },
    podDisruptionBudget: { minAvailable: 1 },
    priorityClassName: 'system-cluster-critical',
    securityContext: { seccompProfile: RUNTIME_DEFAULT_SECCOMP },
  };
}

/** Istio ingress gateway; the edge layer's ALB sends traffic to its pods (IP targets). */
export class IstioGatewayAddon extends HelmAddon<IstioGatewayValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
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
