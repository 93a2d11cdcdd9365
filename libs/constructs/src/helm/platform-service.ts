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
import { ChartLabels, DEFAULT_CHART_LABELS } from './values';

/** Path of the component chart in the GitOps repository (Argo CD renders it from git). */
export const PLATFORM_SERVICE_CHART_PATH = 'charts/platform-service';

/** An environment's choice for one component (`cluster.components.<name>`). */
export interface ComponentDeployment {
  /** A release tag (`1.4.2`) or a digest (`sha256:<64 hex>`) in the component's repository. */
  readonly image: string;
  /** @default the catalogue's scaling bounds */
  readonly replicas?: {
    /** The fewest replicas. */
    readonly min: number;
    /** The most replicas. */
    readonly max: number;
  };
}

/** An environment variable read from a Secret the platform delivers into the namespace. */
export interface SecretEnv {
  /** The variable's name. */
  readonly name: string;
  /** The Secret it is read from. */
  readonly secret: string;
  /** The Secret's key. */
  readonly key: string;
}

/** Values of `charts/platform-service`: one component in one environment and region. */
export interface PlatformServiceValues {
  /** The component's name: its namespace, Deployment, Service and service account. */
  readonly name: string;
  /** The environment's name, on every object's labels. */
  readonly environment: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Owning team; the `strata.io/team` label its alerts are routed by. */
  readonly owner: string;
  /** The image: its repository and a release tag or a digest. */
  readonly image:
    | {
        /** The image repository (the account's ECR registry). */
        readonly repository: string;
        /** A release tag. */
        readonly tag: string;
      }
    | {
        /** The image repository (the account's ECR registry). */
        readonly repository: string;
        /** A digest, `sha256:<64 hex>`. */
        readonly digest: string;
      };
  /** The mesh's canonical revision label: the tag, or the digest shortened to a label. */
  readonly revision: string;
  /** The port the component serves HTTP on. */
  readonly port: number;
  /** Its health endpoint (readiness and liveness). */
  readonly healthPath: string;
  /** Its service account (the IAM role's subject). */
  readonly serviceAccount: string;
  /** The priority class of the component's pods. */
  readonly priorityClassName: string;
  /** Each pod's resources. */
  readonly resources: ContainerResources;
  /** Horizontal scaling. */
  readonly scaling: {
    /** The fewest replicas. */
    readonly minReplicas: number;
    /** The most replicas. */
    readonly maxReplicas: number;
    /** The CPU use, in percent of the request, the autoscaler keeps. */
    readonly cpuTargetPercent: number;
    /** `DoNotSchedule` where the zones must share the pods (high availability). */
    readonly zoneSpread: 'DoNotSchedule' | 'ScheduleAnyway';
  };
  /** The canary release of a new image (an Argo Rollouts strategy). */
  readonly canary: {
    /** Its steps: traffic weights and pauses. */
    readonly steps: ReadonlyArray<
      | {
          /** Percent of traffic sent to the new version. */
          readonly setWeight: number;
        }
      | {
          /** A wait before the next step. */
          readonly pause: {
            /** How long, as a duration (`2m`). */
            readonly duration: string;
          };
        }
    >;
    /** The analysis that aborts a canary whose errors or latency are too high. */
    readonly analysis: {
      /** Prometheus's query URL. */
      readonly prometheusAddress: string;
      /** How often it measures. */
      readonly interval: string;
      /** The window each measurement covers. */
      readonly window: string;
      /** Failed measurements before the rollout aborts. */
      readonly failureLimit: number;
      /** The highest error rate (0 to 1) a measurement passes with. */
      readonly maxErrorRate: number;
      /** The highest 99th-percentile latency a measurement passes with. */
      readonly p99LatencyMs: number;
    };
  };
  /** How the mesh treats calls to the component. */
  readonly mesh: MeshTrafficPolicy;
  /** Non-secret settings (data endpoints), as the `<name>-config` ConfigMap. */
  readonly config: Readonly<Record<string, string>>;
  /** Variables read from delivered Secrets. */
  readonly secretEnv: readonly SecretEnv[];
  /** Queue workers: one Deployment each, scaled by its queue's depth. */
  readonly workers: ReadonlyArray<{
    /** The worker's name. */
    readonly name: string;
    /** The queue it consumes. */
    readonly queue: string;
    /** How long a stopping worker may finish its message. */
    readonly terminationGracePeriodSeconds: number;
  }>;
  /** Where the SDKs send spans (OTLP over gRPC): the platform's collector. */
  readonly telemetry: {
    /** The collector's OTLP gRPC address. */
    readonly otlpEndpoint: string;
  };
  /** The component's alerts (error rate, latency, saturation). */
  readonly alerts: {
    /** Alert name prefix, e.g. `Gateway` (`GatewayHighErrorRate`). */
    readonly prefix: string;
    /** The runbook the alerts link to (their sections are anchors in it). */
    readonly runbookUrl: string;
  };
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
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
  /** The whole call's timeout, retries included. */
  readonly timeout: string;
  /** Retries of a failed call. */
  readonly retries: {
    /** Retries at most. */
    readonly attempts: number;
    /** Each try's timeout. */
    readonly perTryTimeout: string;
    /** The failures retried (Envoy's `retry_on`). */
    readonly retryOn: string;
  };
  /** Connection limits toward the component. */
  readonly connectionPool: {
    /** TCP limits. */
    readonly tcp: {
      /** Connections at most. */
      readonly maxConnections: number;
      /** How long a connection may take to open. */
      readonly connectTimeout: string;
    };
    /** HTTP limits. */
    readonly http: {
      /** HTTP/1.1 requests waiting for a connection, at most. */
      readonly http1MaxPendingRequests: number;
      /** HTTP/2 requests in flight, at most. */
      readonly http2MaxRequests: number;
      /** Concurrent retries to the component across all callers: the retry budget. */
      readonly maxRetries: number;
      /** How long an idle connection is kept. */
      readonly idleTimeout: string;
    };
  };
  /** Circuit breaking: pods that keep failing are taken out of the pool for a while. */
  readonly outlierDetection: {
    /** 5xx responses in a row that eject a pod. */
    readonly consecutive5xxErrors: number;
    /** How often pods are assessed. */
    readonly interval: string;
    /** The shortest ejection (it grows with each one). */
    readonly baseEjectionTime: string;
    /** The most of the pool ejected at once, in percent. */
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

/** What `platformServiceValues` derives a component's values from. */
export interface PlatformServiceInput {
  /** The component's name. */
  readonly name: string;
  /** Its catalogue entry. */
  readonly spec: ComponentSpec;
  /** The environment's choice for it (image, replicas). */
  readonly deployment: ComponentDeployment;
  /** The environment's name. */
  readonly environmentName: string;
  /** The environment's project prefix (its repositories are `<project>-<environment>/...`). */
  readonly project: string;
  /** The AWS account ID. */
  readonly accountId: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Whether the environment is highly available (replicas, zone spread). */
  readonly highAvailability: boolean;
  /** Data endpoints the component uses, by environment variable (from the data contract). */
  readonly config: Readonly<Record<string, string>>;
  /** Variables read from delivered Secrets. */
  readonly secretEnv: readonly SecretEnv[];
  /** The GitOps repository and revision, for the alerts' runbook links. */
  readonly gitops: {
    /** The repository's clone URL. */
    readonly repoUrl: string;
    /** The revision Argo CD syncs. */
    readonly revision: string;
  };
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels?: ChartLabels;
}

/** The chart values of one component in one environment and region, from the catalogue. */
export function platformServiceValues(input: PlatformServiceInput): PlatformServiceValues {
  const { spec, deployment } = input;
  const memory = `${spec.resources.memoryMib}Mi`;
  return {
    labels: input.labels ?? DEFAULT_CHART_LABELS,
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
