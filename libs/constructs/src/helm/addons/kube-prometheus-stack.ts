import { Construct } from 'constructs';
import { AlertRoute } from '@strata/config';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';
import { platformSloRules, RuleGroup } from './platform-slo-rules';

export const KUBE_PROMETHEUS_STACK_CHART: RepositoryChart = {
  chart: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '77.14.0',
};

export const MONITORING_NAMESPACE = 'monitoring';

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

export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly replicas: number;
      readonly priorityClassName: string;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly storageSpec: {
        readonly volumeClaimTemplate: {
          readonly spec: {
            readonly storageClassName: string;
            readonly accessModes: readonly string[];
            readonly resources: { readonly requests: { readonly storage: string } };
          };
        };
      };
    };
  };
  readonly alertmanager: {
    readonly alertmanagerSpec: { readonly replicas: number };
    readonly config: AlertmanagerConfig;
  };
  readonly grafana: { readonly enabled: boolean };
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
  static readonly ADDON_NAME = 'kube-prometheus-stack';

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    const ha = props.context.highAvailability;
    const defaults: KubePrometheusStackValues = {
      prometheus: {
        prometheusSpec: {
          retention: `${props.retentionDays}d`,
          replicas: ha ? 2 : 1,
          priorityClassName: 'system-cluster-critical',
          // Pick up rules and monitors from every release, not only this one.
          ruleSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
          storageSpec: {
            volumeClaimTemplate: {
              spec: {
                storageClassName: props.storageClassName,
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: `${props.storageGib}Gi` } },
              },
            },
          },
        },
      },
      alertmanager: {
        alertmanagerSpec: { replicas: ha ? 3 : 1 },
        config: alertmanagerConfig(props.alertRoutes),
      },
      grafana: { enabled: true },
      additionalPrometheusRulesMap: { 'strata-slo': { groups: platformSloRules() } },
    };
    super(scope, id, {
      addonName: KubePrometheusStackAddon.ADDON_NAME,
      namespace: MONITORING_NAMESPACE,
      chart: KUBE_PROMETHEUS_STACK_CHART,
      values: mergeValues(defaults, props.values),
      context: props.context,
      timeoutSeconds: 900,
    });
  }
}
