import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { AddonContext, workloadIdentityOf } from '../addon-context';

/** One Prometheus recording rule, as the PrometheusRule CRD spells it. */
export interface RecordingRule {
  /** The series it records (`level:metric:operations`). */
  readonly record: string;
  /** The PromQL it evaluates. */
  readonly expr: string;
}

/** A group of recording rules evaluated at its own interval. */
export interface RecordingRuleGroup {
  /** The group's name. */
  readonly name: string;
  /** How often the group is evaluated: the resolution of the series it records. */
  readonly interval: string;
  /** Its rules. */
  readonly rules: readonly RecordingRule[];
}

/**
 * The prefix of the series that go to the long-term store: only these aggregates leave the
 * cluster, so the store holds 5-minute series per namespace or node, not every raw sample.
 */
export const LONG_TERM_SERIES_PREFIX = 'strata:';

/** How often the long-term aggregates are recorded: their resolution (the downsampling). */
export const LONG_TERM_RESOLUTION = '5m';

/**
 * The aggregates kept for the long term (the seeds' 90-day and 2-year tiers): mesh traffic,
 * errors and latency per namespace, CPU and memory per namespace, restarts, node CPU.
 */
export function longTermRecordingRules(): RecordingRuleGroup {
  const p = LONG_TERM_SERIES_PREFIX;
  return {
    name: 'strata-long-term',
    interval: LONG_TERM_RESOLUTION,
    rules: [
      {
        record: `${p}istio_requests:rate5m`,
        expr: 'sum by (destination_service_namespace, response_code) (rate(istio_requests_total{reporter="destination"}[5m]))',
      },
      {
        record: `${p}istio_request_duration_milliseconds:p99_5m`,
        expr: 'histogram_quantile(0.99, sum by (destination_service_namespace, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m])))',
      },
      {
        record: `${p}container_cpu_usage_seconds:rate5m`,
        expr: 'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))',
      },
      {
        record: `${p}container_memory_working_set_bytes:sum`,
        expr: 'sum by (namespace) (container_memory_working_set_bytes{container!=""})',
      },
      {
        record: `${p}kube_pod_container_status_restarts:increase5m`,
        expr: 'sum by (namespace) (increase(kube_pod_container_status_restarts_total[5m]))',
      },
      {
        record: `${p}node_cpu_utilisation:avg5m`,
        expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
      },
    ],
  };
}

/** Where the long-term store is and who may use it. */
export interface LongTermMetrics {
  /** The workspace's ARN (remote write and queries are limited to it). */
  readonly workspaceArn: string;
  /** Its remote-write URL. */
  readonly remoteWriteUrl: string;
  /** Its query endpoint (Grafana's data source). */
  readonly queryUrl: string;
  /** The workspace's region, which SigV4 signs for (the primary's, from every region). */
  readonly workspaceRegion: string;
  /** IAM role name for Prometheus (remote write). */
  readonly prometheusRoleName: string;
  /** IAM role name for Grafana (queries). */
  readonly grafanaRoleName: string;
}

/** The service accounts the chart gives Prometheus and Grafana (`<release>-prometheus`, `<release>-grafana`). */
export interface MonitoringServiceAccounts {
  /** Namespace of both. */
  readonly namespace: string;
  /** Prometheus's. */
  readonly prometheus: string;
  /** Grafana's. */
  readonly grafana: string;
}

/** Grafana's data source of the long-term store, across every region. */
export const LONG_TERM_DATA_SOURCE: {
  /** Its name in Grafana. */
  readonly name: string;
  /** Its stable id, for dashboards. */
  readonly uid: string;
} = { name: 'Long-term (every region)', uid: 'strata-long-term' };

/**
 * The Pod Identity roles of the long-term store: Prometheus may only remote-write to the
 * workspace, Grafana may only query it.
 */
export function longTermMetricsRoles(
  scope: Construct,
  id: string,
  context: AddonContext,
  store: LongTermMetrics,
  accounts: MonitoringServiceAccounts,
) {
  const identity = workloadIdentityOf(context);
  const prometheus = workloadRole(scope, `${id}-prometheus-role`, {
    provider: context.awsProvider,
    roleName: store.prometheusRoleName,
    identity,
    namespace: accounts.namespace,
    serviceAccount: accounts.prometheus,
    statements: [
      {
        Sid: 'RemoteWrite',
        Effect: 'Allow',
        Action: 'aps:RemoteWrite',
        Resource: store.workspaceArn,
      },
    ],
  });
  const grafana = workloadRole(scope, `${id}-grafana-role`, {
    provider: context.awsProvider,
    roleName: store.grafanaRoleName,
    identity,
    namespace: accounts.namespace,
    serviceAccount: accounts.grafana,
    statements: [
      {
        Sid: 'QueryLongTermMetrics',
        Effect: 'Allow',
        Action: ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'],
        Resource: store.workspaceArn,
      },
    ],
  });
  return [...prometheus.role.resources, ...grafana.role.resources];
}
