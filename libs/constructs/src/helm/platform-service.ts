import {
  componentRepositoryName,
  ComponentSpec,
  queuesConsumedBy,
} from '../vocabulary/component-catalogue';
import { accountRegistry } from './addons/image-sources';
import { PROMETHEUS_SERVICE } from './addons/kube-prometheus-stack';
import { OTEL_COLLECTOR_SERVICE } from './addons/otel-collector-service';
import { queueWorkerName } from './addons/queue-scaling';
import { ContainerResources } from './resources';

/** Path of the component chart in the GitOps repository (Argo CD renders it from git). */
export const PLATFORM_SERVICE_CHART_PATH = 'charts/platform-service';

/** An environment's choice for one component (`cluster.components.<name>`). */
export interface ComponentDeployment {
  /** A release tag (`1.4.2`) or a digest (`sha256:<64 hex>`) in the component's repository. */
  readonly image: string;
  /** @default the catalogue's scaling bounds */
  readonly replicas?: { readonly min: number; readonly max: number };
}

/** An environment variable read from a Secret the platform delivers into the namespace. */
export interface SecretEnv {
  readonly name: string;
  readonly secret: string;
  readonly key: string;
}

/** Values of `charts/platform-service`: one component in one environment and region. */
export interface PlatformServiceValues {
  readonly name: string;
  readonly environment: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Owning team; the `strata.io/team` label its alerts are routed by. */
  readonly owner: string;
  readonly image:
    | { readonly repository: string; readonly tag: string }
    | { readonly repository: string; readonly digest: string };
  /** The mesh's canonical revision label: the tag, or the digest shortened to a label. */
  readonly revision: string;
  readonly port: number;
  readonly healthPath: string;
  readonly serviceAccount: string;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  readonly resources: ContainerResources;
  readonly scaling: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuTargetPercent: number;
    /** `DoNotSchedule` where the zones must share the pods (high availability). */
    readonly zoneSpread: 'DoNotSchedule' | 'ScheduleAnyway';
  };
  readonly canary: {
    readonly steps: ReadonlyArray<
      { readonly setWeight: number } | { readonly pause: { readonly duration: string } }
    >;
    readonly analysis: {
      readonly prometheusAddress: string;
      readonly interval: string;
      readonly window: string;
      readonly failureLimit: number;
      readonly maxErrorRate: number;
      readonly p99LatencyMs: number;
    };
  };
  readonly mesh: MeshTrafficPolicy;
  /** Non-secret settings (data endpoints), as the `<name>-config` ConfigMap. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretEnv: readonly SecretEnv[];
  readonly workers: ReadonlyArray<{
    readonly name: string;
    readonly queue: string;
    readonly terminationGracePeriodSeconds: number;
  }>;
  /** Where the SDKs send spans (OTLP over gRPC): the platform's collector. */
  readonly telemetry: { readonly otlpEndpoint: string };
  readonly alerts: {
    /** Alert name prefix, e.g. `Gateway` (`GatewayHighErrorRate`). */
    readonly prefix: string;
    /** The runbook the alerts link to (their sections are anchors in it). */
    readonly runbookUrl: string;
  };
}

/** The component alerts' runbook, in this repository. */
export const COMPONENT_RUNBOOK_PATH = 'docs/runbooks/components.md';

/** A repository's page, `https://<host>/<org>/<repo>`, from an https or `git@` clone URL. */
export function repositoryWebUrl(repoUrl: string): string {
  return repoUrl
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
}

/**
 * A file of the GitOps repository as a browser opens it: `<repository page>/blob/<revision>/<path>`
 * (GitHub's and GitLab's layout).
 */
export function repositoryFileUrl(repoUrl: string, revision: string, path: string): string {
  return `${repositoryWebUrl(repoUrl)}/blob/${revision}/${path}`;
}

/** Istio's traffic policy for calls to a component (seed: timeouts, retries, circuit breaking). */
export interface MeshTrafficPolicy {
  readonly timeout: string;
  readonly retries: {
    readonly attempts: number;
    readonly perTryTimeout: string;
    readonly retryOn: string;
  };
  readonly connectionPool: {
    readonly tcp: { readonly maxConnections: number; readonly connectTimeout: string };
    readonly http: {
      readonly http1MaxPendingRequests: number;
      readonly http2MaxRequests: number;
      /** Concurrent retries to the component across all callers: the retry budget. */
      readonly maxRetries: number;
      readonly idleTimeout: string;
    };
  };
  readonly outlierDetection: {
    readonly consecutive5xxErrors: number;
    readonly interval: string;
    readonly baseEjectionTime: string;
    readonly maxEjectionPercent: number;
  };
}

/** Retries only what is safe to repeat: the request never reached the component. */
export const MESH_TRAFFIC_POLICY: MeshTrafficPolicy = {
  timeout: '15s',
  retries: {
    attempts: 2,
    perTryTimeout: '5s',
    retryOn: 'connect-failure,refused-stream,unavailable,cancelled',
  },
  connectionPool: {
    tcp: { maxConnections: 1024, connectTimeout: '2s' },
    http: {
      http1MaxPendingRequests: 256,
      http2MaxRequests: 1024,
      maxRetries: 16,
      idleTimeout: '60s',
    },
  },
  outlierDetection: {
    consecutive5xxErrors: 5,
    interval: '10s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  },
};

/** Kubernetes label values: 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
const LABEL_MAX = 63;

/** The image reference's parts, and the revision label the mesh and the analysis use. */
function imageOf(
  repository: string,
  image: string,
): Pick<PlatformServiceValues, 'image' | 'revision'> {
  if (image.startsWith('sha256:')) {
    return { image: { repository, digest: image }, revision: `sha256-${image.slice(7, 19)}` };
  }
  return {
    image: { repository, tag: image },
    revision: image.slice(0, LABEL_MAX).replace(/[^A-Za-z0-9]+$/, ''),
  };
}

export interface PlatformServiceInput {
  readonly name: string;
  readonly spec: ComponentSpec;
  readonly deployment: ComponentDeployment;
  readonly environmentName: string;
  /** The environment's project prefix (its repositories are `<project>-<environment>/...`). */
  readonly project: string;
  /** The AWS account ID. */
  readonly accountId: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  readonly highAvailability: boolean;
  /** Data endpoints the component uses, by environment variable (from the data contract). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretEnv: readonly SecretEnv[];
  /** The GitOps repository and revision, for the alerts' runbook links. */
  readonly gitops: { readonly repoUrl: string; readonly revision: string };
}

/** The chart values of one component in one environment and region, from the catalogue. */
export function platformServiceValues(input: PlatformServiceInput): PlatformServiceValues {
  const { spec, deployment } = input;
  const memory = `${spec.resources.memoryMib}Mi`;
  return {
    name: input.name,
    environment: input.environmentName,
    region: input.region,
    owner: spec.owner,
    ...imageOf(
      `${accountRegistry(input.accountId, input.region)}${componentRepositoryName(input.project, input.environmentName, input.name)}`,
      deployment.image,
    ),
    port: spec.port,
    healthPath: spec.healthPath,
    serviceAccount: input.name,
    priorityClassName: spec.priorityClassName ?? 'platform-standard',
    resources: {
      requests: { cpu: `${spec.resources.cpuMillis}m`, memory },
      limits: { memory },
    },
    scaling: {
      minReplicas: deployment.replicas?.min ?? spec.scaling.minReplicas,
      maxReplicas: deployment.replicas?.max ?? spec.scaling.maxReplicas,
      cpuTargetPercent: spec.scaling.cpuTargetPercent,
      zoneSpread: input.highAvailability ? 'DoNotSchedule' : 'ScheduleAnyway',
    },
    canary: {
      steps: [
        { setWeight: 10 },
        { pause: { duration: '2m' } },
        { setWeight: 25 },
        { pause: { duration: '5m' } },
        { setWeight: 50 },
        { pause: { duration: '5m' } },
      ],
      analysis: {
        prometheusAddress: `http://${PROMETHEUS_SERVICE.name}.${PROMETHEUS_SERVICE.namespace}.svc.cluster.local:${PROMETHEUS_SERVICE.port}`,
        interval: '1m',
        window: '2m',
        failureLimit: 1,
        maxErrorRate: spec.slo.maxErrorRate,
        p99LatencyMs: spec.slo.p99LatencyMs,
      },
    },
    mesh: MESH_TRAFFIC_POLICY,
    config: input.config,
    secretEnv: input.secretEnv,
    workers: queuesConsumedBy(input.name).map((queue) => ({
      name: queueWorkerName(queue.name),
      queue: queue.name,
      terminationGracePeriodSeconds: Math.min(queue.visibilityTimeoutSeconds, 300),
    })),
    telemetry: {
      otlpEndpoint: `http://${OTEL_COLLECTOR_SERVICE.name}.${OTEL_COLLECTOR_SERVICE.namespace}.svc.cluster.local:${OTEL_COLLECTOR_SERVICE.otlpGrpcPort}`,
    },
    alerts: {
      prefix: input.name
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join(''),
      runbookUrl: repositoryFileUrl(
        input.gitops.repoUrl,
        input.gitops.revision,
        COMPONENT_RUNBOOK_PATH,
      ),
    },
  };
}
