import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources, ResourcesOnly } from '../resources';
import { ComponentSwitch, mergeValues } from '../values';
import { ExternalSecretsAddon } from './external-secrets';
import { GRAFANA_ADMIN_SECRET, grafanaAdminManifests } from './grafana-admin';
import {
  GRAFANA_CLIENT_SECRET_VARIABLE,
  GRAFANA_OIDC_SECRET,
  GrafanaSsoSettings,
  grafanaSsoIni,
} from './grafana-sso';
import {
  LONG_TERM_DATA_SOURCE,
  LONG_TERM_SERIES_PREFIX,
  LongTermMetrics,
  longTermMetricsRoles,
  longTermRecordingRules,
  MonitoringServiceAccounts,
  RecordingRuleGroup,
} from './long-term-metrics';
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

/** The upstream chart this add-on installs, pinned to one version. */
export const KUBE_PROMETHEUS_STACK_CHART: RepositoryChart = {
  chart: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '77.14.0',
};

/** The namespace of Prometheus, Alertmanager and Grafana. */
export const MONITORING_NAMESPACE = 'monitoring';
/** node-exporter needs host access: its own namespace keeps `monitoring` at `restricted`. */
export const NODE_EXPORTER_NAMESPACE = 'node-exporter';

/** Envoy's Prometheus endpoint on every sidecar and gateway (not intercepted, so no mTLS). */
export const ENVOY_STATS = {
  /** The named container port Envoy serves its statistics on. */
  port: 'http-envoy-prom',
  /** The path of its Prometheus format. */
  path: '/stats/prometheus',
} as const;

interface PodMonitorSpec {
  /** The PodMonitor's name. */
  readonly name: string;
  /** The namespaces it watches. */
  readonly namespaceSelector: {
    /** All of them. */
    readonly any: boolean;
  };
  /** The pods it scrapes. */
  readonly selector: {
    readonly matchExpressions: ReadonlyArray<{
      /** The label. */
      readonly key: string;
      /** The pod has it. */
      readonly operator: 'Exists';
    }>;
  };
  /** The endpoints scraped. */
  readonly podMetricsEndpoints: ReadonlyArray<{
    /** The named container port. */
    readonly port: string;
    /** The path. */
    readonly path: string;
    /** How often. */
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
  /** The receiver alerts of this route go to. */
  readonly receiver: string;
  /** The matchers an alert must meet. */
  readonly matchers: readonly string[];
  /** Whether later routes are tried after a match (no). */
  readonly continue: boolean;
}

/** Alertmanager's configuration file (`alertmanager.yaml`), as far as the platform writes it. */
export interface AlertmanagerConfig {
  /** The routing tree's root. */
  readonly route: {
    /** Where alerts no route matches go. */
    readonly receiver: string;
    /** The labels that group alerts into one notification. */
    readonly group_by: readonly string[];
    /** How long a new group waits for more alerts before its first notification. */
    readonly group_wait: string;
    /** How long a group waits before notifying of alerts added to it. */
    readonly group_interval: string;
    /** How long before a notification that was sent is sent again. */
    readonly repeat_interval: string;
    /** The child routes, tried in order. */
    readonly routes: readonly AlertmanagerRoute[];
  };
  /** The receivers routes name. */
  readonly receivers: ReadonlyArray<{
    /** The receiver's name. */
    readonly name: string;
    /** Webhooks notified; none for the null receiver. */
    readonly webhook_configs?: ReadonlyArray<{
      /** The webhook's URL. */
      readonly url: string;
      /** Whether resolved alerts are sent too. */
      readonly send_resolved: boolean;
    }>;
  }>;
}

/** A Prometheus Operator storage spec: one volume claim per pod. */
export interface VolumeClaimStorage {
  /** The claim each pod gets. */
  readonly volumeClaimTemplate: {
    /** The claim's spec. */
    readonly spec: {
      /** The storage class (encrypted gp3). */
      readonly storageClassName: string;
      /** `ReadWriteOnce`: one node mounts it. */
      readonly accessModes: readonly string[];
      /** What it requests. */
      readonly resources: {
        /** The requested size. */
        readonly requests: {
          /** The size, as a Kubernetes quantity (`50Gi`). */
          readonly storage: string;
        };
      };
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

/** One remote-write target of Prometheus, signed with SigV4. */
export interface RemoteWriteSpec {
  /** The remote-write URL. */
  readonly url: string;
  /** SigV4 signing in the target's region, with the pod's AWS credentials. */
  readonly sigv4: {
    /** The region signed for. */
    readonly region: string;
  };
  /** Which series are sent. */
  readonly writeRelabelConfigs: ReadonlyArray<{
    /** The labels read. */
    readonly sourceLabels: readonly string[];
    /** The pattern they must match. */
    readonly regex: string;
    /** `keep`: only matching series are sent. */
    readonly action: 'keep';
  }>;
}

/** A Grafana data source the chart provisions. */
export interface GrafanaDataSource {
  /** Its name in Grafana. */
  readonly name: string;
  /** Its stable id (dashboards refer to it). */
  readonly uid: string;
  /** `prometheus`. */
  readonly type: 'prometheus';
  /** Its URL. */
  readonly url: string;
  /** `proxy`: Grafana's server queries it. */
  readonly access: 'proxy';
  /** Prometheus data source settings: SigV4 signing. */
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** Values of the `kube-prometheus-stack` chart (prometheus-community), as this add-on sets them. */
export interface KubePrometheusStackValues {
  /** The Prometheus server. */
  readonly prometheus: {
    /** The Prometheus custom resource's spec. */
    readonly prometheusSpec: {
      /** How long samples are kept (`15d`). */
      readonly retention: string;
      /** Prometheus pods, each scraping everything (2 where the environment is highly available). */
      readonly replicas: number;
      /** Each Prometheus pod's resources. */
      readonly resources: ContainerResources;
      /** Its priority class: scheduled ahead of workloads. */
      readonly priorityClassName: string;
      /** `false`: pick up PrometheusRules of every release, not only this chart's. */
      readonly ruleSelectorNilUsesHelmValues: boolean;
      /** `false`: pick up ServiceMonitors of every release. */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      /** `false`: pick up PodMonitors of every release. */
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      /** Its persistent volume. */
      readonly storageSpec: VolumeClaimStorage;
      /** Labels on every series it sends: the region and cluster, across regions. */
      readonly externalLabels?: Readonly<Record<string, string>>;
      /** Where it remote-writes the long-term aggregates. */
      readonly remoteWrite?: readonly RemoteWriteSpec[];
    };
    /** PodMonitors the chart renders (Envoy's statistics on every meshed pod). */
    readonly additionalPodMonitors: readonly PodMonitorSpec[];
  };
  /** Control-plane components EKS runs out of reach (off: their targets and alerts could never work). */
  readonly kubeEtcd: ComponentSwitch;
  /** EKS's scheduler: out of reach, off. */
  readonly kubeScheduler: ComponentSwitch;
  /** EKS's controller manager: out of reach, off. */
  readonly kubeControllerManager: ComponentSwitch;
  /** kube-proxy binds its metrics to 127.0.0.1: off. */
  readonly kubeProxy: ComponentSwitch;
  /** The node exporter, a DaemonSet with host access. */
  readonly 'prometheus-node-exporter': {
    /** Its namespace: its own, so `monitoring` stays at the restricted Pod Security level. */
    readonly namespaceOverride: string;
    /** Its resources on every node. */
    readonly resources: ContainerResources;
  };
  /** The Prometheus Operator. */
  readonly prometheusOperator: {
    /** The operator's resources. */
    readonly resources: ContainerResources;
    /** The config reloader sidecar it adds to Prometheus and Alertmanager. */
    readonly prometheusConfigReloader: ResourcesOnly;
    /** The admission webhooks' certificate jobs. */
    readonly admissionWebhooks: {
      /** The job that patches the webhooks with their certificate. */
      readonly patch: ResourcesOnly;
    };
  };
  /** kube-state-metrics, the source of object-state metrics. */
  readonly 'kube-state-metrics': ResourcesOnly;
  /** Alertmanager. */
  readonly alertmanager: {
    /** The Alertmanager custom resource's spec. */
    readonly alertmanagerSpec: {
      /** Alertmanager pods, clustered (2 where highly available). */
      readonly replicas: number;
      /** Each pod's resources. */
      readonly resources: ContainerResources;
      /** Silences and the notification log survive restarts and node upgrades. */
      readonly storage: VolumeClaimStorage;
    };
    /** Its routing and receivers, from the environment's alert routes. */
    readonly config: AlertmanagerConfig;
  };
  /** Grafana. */
  readonly grafana: {
    /** Whether Grafana is deployed. */
    readonly enabled: boolean;
    /** Grafana's resources. */
    readonly resources: ContainerResources;
    /** The sidecars that load dashboards and data sources from ConfigMaps. */
    readonly sidecar: ResourcesOnly;
    /** The login external-secrets generates (grafana-admin.ts); the chart renders none. */
    readonly admin: {
      /** The Secret holding it. */
      readonly existingSecret: string;
      /** Its key holding the user name. */
      readonly userKey: string;
      /** Its key holding the password. */
      readonly passwordKey: string;
    };
    /** Data sources beside the in-cluster Prometheus (the long-term store). */
    readonly additionalDataSources?: readonly GrafanaDataSource[];
    /** grafana.ini settings (SigV4 signing for the long-term store, the sign-in). */
    readonly 'grafana.ini'?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    /** Grafana's Service (the front door's route sends to its port). */
    readonly service: {
      /** The Service's port. */
      readonly port: number;
    };
    /** Environment variables from Secrets, by name: the OIDC client secret. */
    readonly envValueFrom?: Readonly<Record<string, SecretVariable>>;
  };
  /** Objects rendered with the release: the generator of Grafana's admin login. */
  readonly extraManifests: readonly object[];
  /** PrometheusRules the chart renders, by name (the platform's SLO alerts). */
  readonly additionalPrometheusRulesMap: Readonly<
    Record<
      string,
      {
        /** The rule groups. */
        readonly groups: ReadonlyArray<RuleGroup | RecordingRuleGroup>;
      }
    >
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

/** What `KubePrometheusStackAddon` needs besides the cluster. */
export interface KubePrometheusStackProps extends AddonProps<KubePrometheusStackValues> {
  /** Days Prometheus keeps samples. */
  readonly retentionDays: number;
  /** Size of each Prometheus volume, in GiB. */
  readonly storageGib: number;
  /** Where alerts go; an empty list sends none. */
  readonly alertRoutes: readonly AlertRoute[];
  /** The storage class of Prometheus's and Alertmanager's volumes. */
  readonly storageClassName: string;
  /**
   * The long-term store: Prometheus remote-writes its 5-minute aggregates
   * (LONG_TERM_SERIES_PREFIX) there, labelled with region and cluster, and Grafana queries it
   * across regions, each through a Pod Identity role limited to the workspace. @default none
   */
  readonly longTerm?: LongTermMetrics;
  /**
   * Grafana's sign-in through the organisation's OIDC provider, Grafana served at `host`
   * (the front door routes it to GRAFANA_SERVICE). @default none: the generated admin login
   */
  readonly sso?: GrafanaSignIn;
}

/** Grafana's sign-in and the host people reach it at. */
export interface GrafanaSignIn {
  /** The provider, its endpoints and the groups of each role. */
  readonly settings: GrafanaSsoSettings;
  /** The host the front door serves Grafana at: its root URL and the OIDC redirect's. */
  readonly host: string;
}

/** A container variable read from one key of a Secret. */
export interface SecretVariable {
  /** The Secret's key. */
  readonly secretKeyRef: {
    /** The Secret's name. */
    readonly name: string;
    /** The key. */
    readonly key: string;
    /** Start without it when the Secret or key is missing. */
    readonly optional: boolean;
  };
}

/** The chart's service account names (`<release>-prometheus`, `<release>-grafana`). */
const MONITORING_SERVICE_ACCOUNTS = (release: string): MonitoringServiceAccounts => ({
  namespace: MONITORING_NAMESPACE,
  prometheus: `${release}-prometheus`,
  grafana: `${release}-grafana`,
});

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
      {
        path: ['prometheus', 'prometheusSpec', 'externalLabels'],
        reason: 'labels by name, checked against the Prometheus CRD',
      },
      {
        path: ['grafana', 'grafana.ini'],
        reason: "Grafana's configuration sections by name, rendered into its grafana.ini",
      },
      {
        path: ['grafana', 'envValueFrom'],
        reason:
          "environment variables by name, each rendered as a valueFrom of Grafana's container (the add-on check reads the Deployment)",
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
    const store = props.longTerm;
    const sso = props.sso;
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
          ...(store
            ? {
                externalLabels: {
                  region: props.context.region,
                  cluster: props.context.clusterName,
                },
                remoteWrite: [
                  {
                    url: store.remoteWriteUrl,
                    sigv4: { region: store.workspaceRegion },
                    writeRelabelConfigs: [
                      {
                        sourceLabels: ['__name__'],
                        regex: `${LONG_TERM_SERIES_PREFIX}.+`,
                        action: 'keep',
                      },
                    ],
                  },
                ],
              }
            : {}),
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
        service: { port: GRAFANA_SERVICE.port },
        ...(sso && {
          envValueFrom: {
            [GRAFANA_CLIENT_SECRET_VARIABLE]: {
              // Optional: the stack creates the secret empty and an operator stores the value
              // later; a required reference would keep Grafana from starting (and the release
              // from installing) until then.
              secretKeyRef: {
                name: GRAFANA_OIDC_SECRET.name,
                key: GRAFANA_OIDC_SECRET.key,
                optional: true,
              },
            },
          },
        }),
        ...(store
          ? {
              additionalDataSources: [
                {
                  ...LONG_TERM_DATA_SOURCE,
                  type: 'prometheus' as const,
                  url: store.queryUrl,
                  access: 'proxy' as const,
                  jsonData: {
                    sigV4Auth: true,
                    sigV4AuthType: 'default',
                    sigV4Region: store.workspaceRegion,
                    httpMethod: 'POST',
                  },
                },
              ],
            }
          : {}),
        ...((store || sso) && {
          'grafana.ini': mergeValues(
            sso ? grafanaSsoIni(sso.settings, sso.host) : {},
            store ? { auth: { sigv4_auth_enabled: true } } : {},
          ),
        }),
      },
      extraManifests: grafanaAdminManifests(MONITORING_NAMESPACE),
      additionalPrometheusRulesMap: {
        'strata-slo': { groups: platformSloRules() },
        'strata-long-term': { groups: [longTermRecordingRules()] },
      },
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
      dependsOn: store
        ? longTermMetricsRoles(
            scope,
            id,
            props.context,
            store,
            MONITORING_SERVICE_ACCOUNTS(KubePrometheusStackAddon.ADDON_NAME),
          )
        : undefined,
    });
  }
}

/**
 * Prometheus's query API, as the chart names its Service: `<release>-prometheus`, the release
 * being the add-on's (a release name that contains the chart's name is the chart's fullname).
 */
export const PROMETHEUS_SERVICE = {
  /** The Service's name (the chart's naming). */
  name: `${KubePrometheusStackAddon.ADDON_NAME}-prometheus`,
  /** Its namespace. */
  namespace: MONITORING_NAMESPACE,
  /** Its port. */
  port: 9090,
} as const;

/** Grafana, as the chart names its Service: `<release>-grafana`. The front door routes to it. */
export const GRAFANA_SERVICE = {
  /** The Service's name (the chart's naming). */
  name: `${KubePrometheusStackAddon.ADDON_NAME}-grafana`,
  /** Its namespace. */
  namespace: MONITORING_NAMESPACE,
  /** Its port: the chart's default, set in the values so the front door's route agrees. */
  port: 80,
} as const;
