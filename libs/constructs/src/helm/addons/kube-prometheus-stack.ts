import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues } from '../values';
import { ExternalSecretsAddon } from './external-secrets';
import { GRAFANA_ADMIN_SECRET, grafanaAdminManifests } from './grafana-admin';
import { platformSloRules, RuleGroup } from './platform-slo-rules';

/** One Alertmanager route: alerts matching every matcher go to the webhook. */
export interface AlertRoute {
  /** Receiver name, unique per cluster, e.g. `platform-oncall`. */
  readonly receiver: string;
  /** Alertmanager matchers, e.g. `severity="critical"`. */
  readonly matchers: readonly string[];
  /** HTTPS endpoint of the incident tool (PagerDuty Events, Opsgenie, Slack bridge, ...). */
  readonly webhookUrl: string;
}

export const KUBE_PROMETHEUS_STACK_CHART: RepositoryChart = {
  chart: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '77.14.0',
};

export const MONITORING_NAMESPACE = 'monitoring';
/** node-exporter needs host access: its own namespace keeps `monitoring` at `restricted`. */
export const NODE_EXPORTER_NAMESPACE = 'node-exporter';

/** Envoy's Prometheus endpoint on every sidecar and gateway (not intercepted, so no mTLS). */
export const ENVOY_STATS = { port: 'http-envoy-prom', path: '/stats/prometheus' } as const;

interface PodMonitorSpec {
  readonly name: string;
  readonly namespaceSelector: { readonly any: boolean };
  readonly selector: {
    readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: 'Exists' }>;
  };
  readonly podMetricsEndpoints: ReadonlyArray<{
    readonly port: string;
    readonly path: string;
    readonly interval: string;
  }>;
}

/**
 * Scrapes every Envoy of the mesh (sidecars and the ingress gateway): the source of the
 * `istio_*` metrics the SLO alerts read. Injection labels each meshed pod with its TLS mode.
 */
export const ENVOY_POD_MONITOR: PodMonitorSpec = {
  name: 'envoy-stats',
  namespaceSelector: { any: true },
  selector: { matchExpressions: [{ key: 'security.istio.io/tlsMode', operator: 'Exists' }] },
  podMetricsEndpoints: [{ port: ENVOY_STATS.port, path: ENVOY_STATS.path, interval: '30s' }],
};

interface AlertmanagerRoute {
  readonly receiver: string;
  readonly matchers: readonly string[];
  readonly continue: boolean;
}

export interface AlertmanagerConfig {
  readonly route: {
    readonly receiver: string;
    readonly group_by: readonly string[];
    readonly group_wait: string;
    readonly group_interval: string;
    readonly repeat_interval: string;
    readonly routes: readonly AlertmanagerRoute[];
  };
  readonly receivers: ReadonlyArray<{
    readonly name: string;
    readonly webhook_configs?: ReadonlyArray<{
      readonly url: string;
      readonly send_resolved: boolean;
    }>;
  }>;
}

/** A Prometheus Operator storage spec: one volume claim per pod. */
export interface VolumeClaimStorage {
  readonly volumeClaimTemplate: {
    readonly spec: {
      readonly storageClassName: string;
      readonly accessModes: readonly string[];
      readonly resources: { readonly requests: { readonly storage: string } };
    };
  };
}

function volumeClaimStorage(storageClassName: string, size: string): VolumeClaimStorage {
  return {
    volumeClaimTemplate: {
      spec: {
        storageClassName,
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      },
    },
  };
}

export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly replicas: number;
      readonly resources: ContainerResources;
      readonly priorityClassName: string;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly storageSpec: VolumeClaimStorage;
    };
    readonly additionalPodMonitors: readonly PodMonitorSpec[];
  };
  /** Control-plane components EKS runs out of reach (off: their targets and alerts could never work). */
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly 'prometheus-node-exporter': {
    readonly namespaceOverride: string;
    readonly resources: ContainerResources;
  };
  readonly prometheusOperator: {
    readonly resources: ContainerResources;
    readonly prometheusConfigReloader: { readonly resources: ContainerResources };
    readonly admissionWebhooks: { readonly patch: { readonly resources: ContainerResources } };
  };
  readonly 'kube-state-metrics': { readonly resources: ContainerResources };
  readonly alertmanager: {
    readonly alertmanagerSpec: {
      readonly replicas: number;
      readonly resources: ContainerResources;
      /** Silences and the notification log survive restarts and node upgrades. */
      readonly storage: VolumeClaimStorage;
    };
    readonly config: AlertmanagerConfig;
  };
  readonly grafana: {
    readonly enabled: boolean;
    readonly resources: ContainerResources;
    readonly sidecar: { readonly resources: ContainerResources };
    /** The login external-secrets generates (grafana-admin.ts); the chart renders none. */
    readonly admin: {
      readonly existingSecret: string;
      readonly userKey: string;
      readonly passwordKey: string;
    };
  };
  /** Objects rendered with the release: the generator of Grafana's admin login. */
  readonly extraManifests: readonly object[];
  readonly additionalPrometheusRulesMap: Readonly<
    Record<string, { readonly groups: readonly RuleGroup[] }>
  >;
}

/** Alertmanager routing from the environment's alert routes; unmatched alerts go to a null receiver. */
export function alertmanagerConfig(routes: readonly AlertRoute[]): AlertmanagerConfig {
  return {
    route: {
      receiver: 'null',
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: routes.map((route) => ({
        receiver: route.receiver,
        matchers: [...route.matchers],
        continue: false,
      })),
    },
    receivers: [
      { name: 'null' },
      ...routes.map((route) => ({
        name: route.receiver,
        webhook_configs: [{ url: route.webhookUrl, send_resolved: true }],
      })),
    ],
  };
}

export interface KubePrometheusStackProps extends AddonProps<KubePrometheusStackValues> {
  readonly retentionDays: number;
  readonly storageGib: number;
  readonly alertRoutes: readonly AlertRoute[];
  readonly storageClassName: string;
}

/** kube-prometheus-stack: Prometheus, Alertmanager and Grafana, with the platform SLO alerts. */
export class KubePrometheusStackAddon extends HelmAddon<KubePrometheusStackValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'kube-prometheus-stack';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      {
        path: ['prometheus', 'prometheusSpec', 'storageSpec'],
        reason: 'a volume claim template, checked against the Prometheus CRD',
      },
      {
        path: ['alertmanager', 'alertmanagerSpec', 'storage'],
        reason: 'a volume claim template, checked against the Alertmanager CRD',
      },
      {
        path: ['additionalPrometheusRulesMap'],
        reason: 'rule groups by name, checked against the PrometheusRule CRD and PromQL',
      },
    ],
    repositorySecrets: {
      // The chart's name for it: alertmanager-<release>-alertmanager.
      [`alertmanager-${KubePrometheusStackAddon.ADDON_NAME}-alertmanager`]:
        "the Alertmanager configuration: routes and webhook URLs from the environment's file in this repository",
    },
    kubeScoreIgnores: {
      'service-targets-pod':
        'the Prometheus Operator creates the Prometheus and Alertmanager pods, and EKS runs CoreDNS: kube-score sees none of them',
      'container-security-context-readonlyrootfilesystem':
        'Grafana and its dashboard sidecars write to their root filesystem (plugins, provisioning files)',
    },
  };

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    const ha = props.context.highAvailability;
    const defaults: KubePrometheusStackValues = {
      prometheus: {
        prometheusSpec: {
          retention: `${props.retentionDays}d`,
          replicas: ha ? 2 : 1,
          resources: ha ? containerResources('1', '4Gi') : containerResources('250m', '1Gi'),
          priorityClassName: 'system-cluster-critical',
          // Pick up rules and monitors from every release, not only this one.
          ruleSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          storageSpec: volumeClaimStorage(props.storageClassName, `${props.storageGib}Gi`),
        },
        additionalPodMonitors: [ENVOY_POD_MONITOR],
      },
      // EKS runs etcd, the scheduler and the controller manager where no pod can scrape them,
      // and kube-proxy binds its metrics to 127.0.0.1: their targets would stay down and
      // their alerts (TargetDown, KubeSchedulerDown, ...) fire forever.
      kubeEtcd: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeProxy: { enabled: false },
      'prometheus-node-exporter': {
        namespaceOverride: NODE_EXPORTER_NAMESPACE,
        resources: containerResources('50m', '64Mi'),
      },
      prometheusOperator: {
        resources: containerResources('100m', '128Mi'),
        prometheusConfigReloader: { resources: containerResources('10m', '32Mi') },
        admissionWebhooks: { patch: { resources: containerResources('10m', '32Mi') } },
      },
      'kube-state-metrics': { resources: containerResources('50m', '128Mi') },
      alertmanager: {
        alertmanagerSpec: {
          replicas: ha ? 3 : 1,
          resources: containerResources('25m', '64Mi'),
          storage: volumeClaimStorage(props.storageClassName, '2Gi'),
        },
        config: alertmanagerConfig(props.alertRoutes),
      },
      grafana: {
        enabled: true,
        resources: containerResources('100m', '256Mi'),
        sidecar: { resources: containerResources('25m', '64Mi') },
        admin: {
          existingSecret: GRAFANA_ADMIN_SECRET.name,
          userKey: GRAFANA_ADMIN_SECRET.userKey,
          passwordKey: GRAFANA_ADMIN_SECRET.passwordKey,
        },
      },
      extraManifests: grafanaAdminManifests(MONITORING_NAMESPACE),
      additionalPrometheusRulesMap: { 'strata-slo': { groups: platformSloRules() } },
    };
    super(scope, id, {
      addonName: KubePrometheusStackAddon.ADDON_NAME,
      namespace: MONITORING_NAMESPACE,
      chart: KUBE_PROMETHEUS_STACK_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: ExternalSecretsAddon.ADDON_NAME,
          reason: "its Password generator makes Grafana's admin login",
        },
      ],
      context: props.context,
      timeoutSeconds: 900,
    });
  }
}

/**
 * Prometheus's query API, as the chart names its Service: `<release>-prometheus`, the release
 * being the add-on's (a release name that contains the chart's name is the chart's fullname).
 */
export const PROMETHEUS_SERVICE = {
  name: `${KubePrometheusStackAddon.ADDON_NAME}-prometheus`,
  namespace: MONITORING_NAMESPACE,
  port: 9090,
} as const;
