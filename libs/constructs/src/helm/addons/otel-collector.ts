import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import type { ServiceRole } from '../../iam/service-role';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources } from '../resources';
import { ComponentSwitch, mergeValues, ServiceAccountValues } from '../values';
import { OTEL_COLLECTOR_SERVICE } from './otel-collector-service';
import {
  ContainerSecurityContext,
  PodSecurityContext,
  RUNTIME_DEFAULT_SECCOMP,
} from '../security-context';

/** The upstream chart this add-on installs, pinned to one version. */
export const OTEL_COLLECTOR_CHART: RepositoryChart = {
  chart: 'opentelemetry-collector',
  repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
  version: '0.170.0',
};

/** The contrib distribution: it has the X-Ray exporter and tail sampling. */
const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib';
const SERVICE_ACCOUNT = OTEL_COLLECTOR_SERVICE.name;

/** The collector's pipeline configuration (the collector's own format, not chart values). */
export interface CollectorConfig {
  /** Receivers by name (OTLP). */
  readonly receivers: Readonly<Record<string, unknown>>;
  /** Processors by name (batching, tail sampling). */
  readonly processors: Readonly<Record<string, unknown>>;
  /** Exporters by name (AWS X-Ray). */
  readonly exporters: Readonly<Record<string, unknown>>;
  /** The collector's service section. */
  readonly service: {
    /** The pipelines: which receivers feed which processors and exporters. */
    readonly pipelines: Readonly<Record<string, unknown>>;
  };
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface OtelCollectorValues {
  /** `deployment`: the collector runs as a Deployment (a gateway, not a DaemonSet). */
  readonly mode: 'deployment';
  /** The prefix of the objects' names. */
  readonly fullnameOverride: string;
  /** The collector's image. */
  readonly image: {
    /** The collector image (the contrib distribution, which has the X-Ray exporter). */
    readonly repository: string;
  };
  /** The binary the image runs. */
  readonly command: {
    /** Its name. */
    readonly name: string;
  };
  /** Collector replicas. */
  readonly replicaCount: number;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  /** The collector's service account, which carries its IAM role. */
  readonly serviceAccount: ServiceAccountValues;
  /** The pod's security context. */
  readonly podSecurityContext: PodSecurityContext;
  /** The container's security context. */
  readonly securityContext: ContainerSecurityContext;
  /** The collector's resources. */
  readonly resources: ContainerResources;
  /** Which of the chart's default ports are open (OTLP only). */
  readonly ports: Readonly<Record<string, ComponentSwitch>>;
  /** The collector's configuration. */
  readonly config: CollectorConfig;
}

/**
 * Traces to X-Ray: errors are always kept, everything else is sampled at `sampleRate`. The
 * decision needs the whole trace, so the mesh sends every span and the collector waits for
 * the trace to finish (tail sampling).
 */
export function collectorConfig(region: string, sampleRate: number): CollectorConfig {
  return {
    receivers: {
      // The chart's defaults (Jaeger, Zipkin, Prometheus) are removed: the mesh speaks OTLP only.
      jaeger: null,
      zipkin: null,
      prometheus: null,
      otlp: {
        protocols: {
          grpc: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR_SERVICE.otlpGrpcPort}` },
          http: null,
        },
      },
    },
    processors: {
      tail_sampling: {
        decision_wait: '10s',
        num_traces: 50000,
        policies: [
          { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
          {
            name: 'sampled',
            type: 'probabilistic',
            probabilistic: { sampling_percentage: Math.round(sampleRate * 10000) / 100 },
          },
        ],
      },
    },
    exporters: { debug: null, awsxray: { region } },
    service: {
      pipelines: {
        logs: null,
        metrics: null,
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'tail_sampling', 'batch'],
          exporters: ['awsxray'],
        },
      },
    },
  };
}

/** Properties of {@link OtelCollectorAddon}. */
export interface OtelCollectorProps extends AddonProps<OtelCollectorValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
  /** Share of non-error traces kept, 0 to 1 (the observability layer's `traceSampleRate`). */
  readonly sampleRate: number;
}

/**
 * OpenTelemetry collector: receives the mesh's spans (OTLP) and exports them to AWS X-Ray
 * through its own Pod Identity role, which may only write traces.
 */
export class OtelCollectorAddon extends HelmAddon<OtelCollectorValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = OTEL_COLLECTOR_SERVICE.name;
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [{ path: ['config'], reason: "the collector's own pipeline configuration" }],
  };
  /** The IAM role the add-on's service account assumes. */
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    const { context } = props;
    if (!(props.sampleRate >= 0 && props.sampleRate <= 1)) {
      throw new Error(
        `Add-on "${OTEL_COLLECTOR_SERVICE.name}": sampleRate ${props.sampleRate} is not between 0 and 1`,
      );
    }
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: OTEL_COLLECTOR_SERVICE.namespace,
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'WriteTraces',
          Effect: 'Allow',
          Action: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          // X-Ray has no resource-level permissions for these actions.
          Resource: '*',
        },
      ],
    });
    const defaults: OtelCollectorValues = {
      mode: 'deployment',
      fullnameOverride: OTEL_COLLECTOR_SERVICE.name,
      image: { repository: COLLECTOR_IMAGE },
      command: { name: 'otelcol-contrib' },
      // One replica: tail sampling must see every span of a trace, and a second replica behind
      // the Service would split traces (that needs a load-balancing tier). Tracing is
      // best-effort; proxies drop spans while the collector restarts, requests are unaffected.
      replicaCount: 1,
      priorityClassName: 'system-cluster-critical',
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: serviceAccountAnnotations,
      },
      podSecurityContext: { runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      // Tail sampling holds traces in memory; the limit also sizes the memory_limiter.
      resources: {
        requests: { cpu: '200m', memory: '512Mi' },
        limits: { memory: context.highAvailability ? '2Gi' : '1Gi' },
      },
      ports: {
        'otlp-http': { enabled: false },
        'jaeger-compact': { enabled: false },
        'jaeger-thrift': { enabled: false },
        'jaeger-grpc': { enabled: false },
        zipkin: { enabled: false },
      },
      config: collectorConfig(context.region, props.sampleRate),
    };
    super(scope, id, {
      addonName: OtelCollectorAddon.ADDON_NAME,
      namespace: OTEL_COLLECTOR_SERVICE.namespace,
      chart: OTEL_COLLECTOR_CHART,
      values: mergeValues(defaults, props.values),
      context,
      dependsOn: role.resources,
    });
    this.role = role;
  }
}
