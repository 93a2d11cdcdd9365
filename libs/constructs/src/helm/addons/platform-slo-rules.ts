import { ALERT_THRESHOLDS } from '../../vocabulary/alert-thresholds';
import { LEAF_CERTIFICATE_LIFETIME } from '../../vocabulary/certificate-lifetime';

/** One Prometheus alerting rule, as the PrometheusRule CRD spells it. */
export interface AlertRule {
  /** The alert's name. */
  readonly alert: string;
  /** The PromQL condition. */
  readonly expr: string;
  /** How long it must hold before the alert fires. */
  readonly for: string;
  /** Its labels. */
  readonly labels: {
    /** `critical` pages, `warning` goes to the warning channel. */
    readonly severity: 'critical' | 'warning';
  };
  /** Its annotations. */
  readonly annotations: {
    /** One line saying what is wrong. */
    readonly summary: string;
    /** What it means and where to look. */
    readonly description: string;
  };
}

/** A named group of alerting rules (a PrometheusRule group). */
export interface RuleGroup {
  /** The group's name. */
  readonly name: string;
  /** Its rules. */
  readonly rules: readonly AlertRule[];
}

/** Thresholds of the platform SLOs; the rules below are generated from them. */
export interface SloThresholds {
  /** Share of 5xx responses at the mesh edge that pages someone. */
  readonly errorRatio: number;
  /** p99 latency at the mesh edge, in milliseconds. */
  readonly p99LatencyMs: number;
  /** Container restarts in 15 minutes that count as a crash loop. */
  readonly restartsPer15m: number;
  /** Days left on a certificate below which a warning fires (it was not renewed in time). */
  readonly certificateWarningDays: number;
  /** Days left on a certificate below which a critical alert fires. */
  readonly certificateCriticalDays: number;
}

/** The seeds' SLO figures. */
export const DEFAULT_SLO_THRESHOLDS: SloThresholds = {
  errorRatio: ALERT_THRESHOLDS.errorRatio,
  p99LatencyMs: 500,
  restartsPer15m: 3,
  certificateWarningDays: LEAF_CERTIFICATE_LIFETIME.warningDays,
  certificateCriticalDays: LEAF_CERTIFICATE_LIFETIME.criticalDays,
};

/** PrometheusRule groups for the platform SLOs: error rate, latency, restarts, node pressure, certificate expiry. */
export function platformSloRules(t: SloThresholds = DEFAULT_SLO_THRESHOLDS): RuleGroup[] {
  return [
    {
      name: 'strata-slo-availability',
      rules: [
        {
          alert: 'StrataHighErrorRate',
          expr: `sum by (destination_service_namespace) (rate(istio_requests_total{reporter="destination",response_code=~"5.."}[5m])) / sum by (destination_service_namespace) (rate(istio_requests_total{reporter="destination"}[5m])) > ${t.errorRatio}`,
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Error rate above SLO in {{ $labels.destination_service_namespace }}',
            description: `More than ${t.errorRatio * 100}% of requests failed with 5xx for 5 minutes.`,
          },
        },
        {
          alert: 'StrataHighLatency',
          expr: `histogram_quantile(0.99, sum by (destination_service_namespace, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m]))) > ${t.p99LatencyMs}`,
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'p99 latency above SLO in {{ $labels.destination_service_namespace }}',
            description: `p99 latency has been above ${t.p99LatencyMs} ms for 10 minutes.`,
          },
        },
      ],
    },
    {
      name: 'strata-slo-workloads',
      rules: [
        {
          alert: 'StrataPodRestarting',
          expr: `increase(kube_pod_container_status_restarts_total[15m]) > ${t.restartsPer15m}`,
          for: '0m',
          labels: { severity: 'warning' },
          annotations: {
            summary: '{{ $labels.namespace }}/{{ $labels.pod }} is restarting',
            description: `Container {{ $labels.container }} restarted more than ${t.restartsPer15m} times in 15 minutes.`,
          },
        },
        {
          alert: 'StrataNodeUnderPressure',
          expr: 'kube_node_status_condition{condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"} == 1',
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Node {{ $labels.node }} reports {{ $labels.condition }}',
            description: 'The kubelet is evicting pods; add capacity or find the noisy workload.',
          },
        },
      ],
    },
    {
      name: 'strata-slo-certificates',
      rules: [
        ...(
          [
            ['StrataCertificateExpiringSoon', t.certificateWarningDays, 'warning'],
            ['StrataCertificateExpiring', t.certificateCriticalDays, 'critical'],
          ] as const
        ).map(([alert, days, severity]) => ({
          alert,
          expr: `(certmanager_certificate_expiration_timestamp_seconds - time()) < ${days} * 24 * 3600`,
          for: '1h',
          labels: { severity },
          annotations: {
            summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires soon',
            description: `cert-manager has not renewed it and it expires in under ${days} days.`,
          },
        })),
        {
          alert: 'StrataCertificateNotReady',
          expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
          for: '15m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready',
            description: 'Issuance or renewal is failing; check the cert-manager logs.',
          },
        },
      ],
    },
  ];
}
