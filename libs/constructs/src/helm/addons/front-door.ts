import { API_HTTP_METHODS } from '../../vocabulary/api-edge';
import {
  CertificateDurations,
  leafCertificateDurations,
} from '../../vocabulary/certificate-lifetime';
import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { ARGO_CD_NAMESPACE, ARGO_CD_SERVER } from './argo-cd';
import { GRAFANA_SERVICE } from './kube-prometheus-stack';
import { CertManagerAddon } from './cert-manager';
import { EXTERNAL_DNS_ROUTE_ANNOTATION } from './external-dns';
import { GatewayApiCrdsAddon } from './gateway-api-crds';
import { ISTIO_GATEWAY_SERVICE, ISTIO_INGRESS_NAMESPACE, IstioGatewayAddon } from './istio';
import {
  FRONT_DOOR_NAMESPACE_LABEL,
  INTERNAL_CA_ISSUER,
  PlatformBaselineAddon,
} from './platform-baseline';
import {
  catalogueEntries,
  COMPONENT_CATALOGUE,
  RouteHost,
} from '../../vocabulary/component-catalogue';
import { HEALTH_COMPONENT, PLATFORM_COMPONENTS, PlatformComponent } from './platform-components';

/**
 * The host names the front door serves in one region. The edge layer puts them on the ALB
 * certificate and (routed, regional) in Route53; the cluster's Gateway routes them; the
 * per-region hosts below `regional` are published by external-dns.
 */
export interface FrontDoorHosts {
  /** `api.example.com`: the API, routed between regions (failover, latency or weighted). */
  readonly api: string;
  /** `portal.api.example.com`: the developer portal, routed like the API. */
  readonly portal: string;
  /** `us-east-1.api.example.com`: this region only (canaries, drills, per-region tools). */
  readonly regional: string;
  /** `argocd.us-east-1.api.example.com`: this region's Argo CD (each cluster has its own). */
  readonly argocd: string;
  /** `grafana.us-east-1.api.example.com`: this region's Grafana, routed when it has SSO. @default none */
  readonly grafana?: string;
}

/** One HTTPRoute of the front door: hosts and a path prefix to a component's Service. */
export interface FrontDoorRoute {
  /** The route's name. */
  readonly name: string;
  /** Its namespace (the component's). */
  readonly namespace: string;
  /** The hosts it serves. */
  readonly hostnames: readonly string[];
  /** The path prefix it matches. */
  readonly pathPrefix: string;
  /** The Service it sends to. */
  readonly service: string;
  /** The Service's port. */
  readonly port: number;
  /** external-dns publishes the hosts (per-region hosts; Terraform owns the routed ones). */
  readonly publishDns: boolean;
  /** Which browser pages may call the route (the Gateway API's CORS filter). @default none */
  readonly cors?: FrontDoorCors;
}

/** A route's CORS policy, as the Gateway API's HTTPRoute CORS filter takes it. */
export interface FrontDoorCors {
  /** Origins (`https://host`) whose pages may call it. */
  readonly allowOrigins: readonly string[];
  /** Methods they may use. */
  readonly allowMethods: readonly string[];
  /** Request headers they may send. */
  readonly allowHeaders: readonly string[];
  /** Seconds a browser may cache the answer to a preflight request. */
  readonly maxAge: number;
}

/** Request headers browser pages may send to the API: its credential and a body's type. */
export const API_CORS_HEADERS = ['authorization', 'content-type'] as const;

/**
 * The API's CORS policy: the portal's pages (and `extraOrigins`) may call it with the methods
 * the edge accepts; browsers cache a preflight answer for 10 minutes.
 */
export function apiCorsPolicy(
  hosts: FrontDoorHosts,
  extraOrigins: readonly string[] = [],
): FrontDoorCors {
  return {
    allowOrigins: [`https://${hosts.portal}`, ...extraOrigins],
    allowMethods: [...API_HTTP_METHODS],
    allowHeaders: [...API_CORS_HEADERS],
    maxAge: 600,
  };
}

/** Values of `charts/front-door`. */
export interface FrontDoorValues {
  /** The shared Gateway every route attaches to. */
  readonly gateway: {
    /** Its name. */
    readonly name: string;
    /** Its namespace. */
    readonly namespace: string;
    /** Its GatewayClass (Istio). */
    readonly className: string;
    /** The gateway Service's in-cluster host name. */
    readonly serviceHost: string;
    /** Its HTTPS listener's port. */
    readonly port: number;
    /** The namespace label that lets a namespace attach routes. */
    readonly routeNamespaceLabel: string;
    /** The DNS target external-dns publishes the hosts to (the regional load balancer). */
    readonly dnsTarget: string;
  };
  /** The annotation that tells external-dns to publish a route's hosts. */
  readonly dnsPublishAnnotation: string;
  /** The Gateway's TLS certificate (the listener terminates TLS for the ALB's re-encrypted hop). */
  readonly certificate: {
    /** The Secret it is written to. */
    readonly secretName: string;
    /** The ClusterIssuer that signs it. */
    readonly issuer: string;
    /** The names it is valid for. */
    readonly dnsNames: readonly string[];
    /** Its validity and renewal. */
    readonly lifetime: CertificateDurations;
  };
  /** The health route the edge's health checks call. */
  readonly healthCheck: {
    /** What the edge's health checks request. */
    readonly path: string;
    /** What the health component answers (its readiness path). */
    readonly backendPath: string;
    /** The health component's namespace. */
    readonly namespace: string;
    /** Its Service. */
    readonly service: string;
    /** Its port. */
    readonly port: number;
  };
  /** The routes. */
  readonly routes: readonly FrontDoorRoute[];
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** The routes of the catalogue (paths on the API host, the portal host) and each region's Argo CD. */
export function frontDoorRoutes(
  hosts: FrontDoorHosts,
  /** Components that run in this cluster; routes to the others would answer 500. */
  delivered: readonly PlatformComponent[] = PLATFORM_COMPONENTS,
  /** Browser origins besides the portal's that may call the API. */
  corsOrigins: readonly string[] = [],
  /** Route this region's Grafana host (only when Grafana signs people in through SSO). */
  grafana = false,
): FrontDoorRoute[] {
  const grafanaHost = grafana ? hosts.grafana : undefined;
  if (grafana && !grafanaHost) throw new Error('front door: routing Grafana needs hosts.grafana');
  const apiCors = apiCorsPolicy(hosts, corsOrigins);
  const hostnames: Record<RouteHost, string[]> = {
    api: [hosts.api, hosts.regional],
    portal: [hosts.portal],
  };
  const componentRoutes = catalogueEntries()
    .filter(([component]) => delivered.includes(component))
    .flatMap(([component, spec]) =>
      (spec.routes ?? []).map((route): FrontDoorRoute => ({
        name: `${route.host}-${component}`,
        namespace: component,
        hostnames: hostnames[route.host],
        pathPrefix: route.pathPrefix,
        service: component,
        port: spec.port,
        publishDns: false,
        ...(route.host === 'api' && { cors: apiCors }),
      })),
    );
  return [
    ...componentRoutes,
    {
      name: 'argocd',
      namespace: ARGO_CD_NAMESPACE,
      hostnames: [hosts.argocd],
      pathPrefix: '/',
      service: ARGO_CD_SERVER.service,
      port: ARGO_CD_SERVER.httpPort,
      publishDns: true,
    },
    ...(grafanaHost
      ? [
          {
            name: 'grafana',
            namespace: GRAFANA_SERVICE.namespace,
            hostnames: [grafanaHost],
            pathPrefix: '/',
            service: GRAFANA_SERVICE.name,
            port: GRAFANA_SERVICE.port,
            publishDns: true,
          },
        ]
      : []),
  ];
}

/** The front door's values for an environment and region, from its hosts and routes. */
export function frontDoorDefaults(
  hosts: FrontDoorHosts,
  healthCheckPath: string,
  delivered: readonly PlatformComponent[] = PLATFORM_COMPONENTS,
  corsOrigins: readonly string[] = [],
  grafana = false,
): FrontDoorValues {
  const health = COMPONENT_CATALOGUE[HEALTH_COMPONENT];
  return {
    labels: DEFAULT_CHART_LABELS,
    gateway: {
      name: 'front-door',
      namespace: ISTIO_INGRESS_NAMESPACE,
      className: 'istio',
      serviceHost: `${ISTIO_GATEWAY_SERVICE.name}.${ISTIO_INGRESS_NAMESPACE}.svc.cluster.local`,
      port: ISTIO_GATEWAY_SERVICE.httpsPort,
      routeNamespaceLabel: FRONT_DOOR_NAMESPACE_LABEL,
      dnsTarget: hosts.regional,
    },
    dnsPublishAnnotation: EXTERNAL_DNS_ROUTE_ANNOTATION,
    certificate: {
      secretName: 'front-door-tls',
      issuer: INTERNAL_CA_ISSUER,
      dnsNames: [
        hosts.api,
        hosts.portal,
        hosts.regional,
        hosts.argocd,
        ...(grafana && hosts.grafana ? [hosts.grafana] : []),
      ],
      lifetime: leafCertificateDurations(),
    },
    healthCheck: {
      path: healthCheckPath,
      // The edge's path may differ from the one the component serves: the route rewrites it.
      backendPath: health.healthPath,
      namespace: HEALTH_COMPONENT,
      service: HEALTH_COMPONENT,
      port: health.port,
    },
    routes: frontDoorRoutes(hosts, delivered, corsOrigins, grafana),
  };
}

/** Properties of {@link FrontDoorAddon}. */
export interface FrontDoorProps extends AddonProps<FrontDoorValues> {
  /** The environment's host names (API, portal, per-region Argo CD). */
  readonly hosts: FrontDoorHosts;
  /** The path the edge's Route53 health checks request. */
  readonly healthCheckPath: string;
  /**
   * Components that run in this cluster (their routes only).
   * @default every catalogue component
   */
  readonly delivered?: readonly PlatformComponent[];
  /** Browser origins besides the portal's that may call the API. @default none */
  readonly corsOrigins?: readonly string[];
  /**
   * Route Grafana's host to GRAFANA_SERVICE: only with its SSO on, since the login form is
   * then off. @default false (Grafana is reached through a port-forward)
   */
  readonly grafana?: boolean;
  /** @default charts/front-door of this repository */
  readonly chart?: BundledChart;
}

/**
 * The front door: a Gateway API Gateway bound to the Istio ingress gateway pods the edge ALB
 * targets, an HTTPS listener on the port the ALB uses with a certificate from the platform CA,
 * and routes to the components, the portal host and Argo CD.
 */
export class FrontDoorAddon extends HelmAddon<FrontDoorValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'front-door';

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id, {
      addonName: FrontDoorAddon.ADDON_NAME,
      namespace: ISTIO_INGRESS_NAMESPACE,
      chart: props.chart ?? localChart(scope, 'front-door'),
      values: mergeValues(
        frontDoorDefaults(
          props.hosts,
          props.healthCheckPath,
          props.delivered,
          props.corsOrigins,
          props.grafana,
        ),
        props.values,
      ),
      dependencies: [
        { addon: GatewayApiCrdsAddon.ADDON_NAME, reason: 'Gateway and HTTPRoute are its CRDs' },
        {
          addon: IstioGatewayAddon.ADDON_NAME,
          reason: 'the Gateway binds to the ingress gateway Service and pods',
        },
        { addon: CertManagerAddon.ADDON_NAME, reason: 'it issues the listener certificate' },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: 'its CA issuer signs the certificate and it creates the component namespaces',
        },
      ],
      context: props.context,
    });
  }
}
