import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { ExternalSecretsAddon } from './external-secrets';
import { PlatformBaselineAddon } from './platform-baseline';

/** How a Secrets Manager value becomes a Kubernetes Secret. */
export type DeliveredSecret =
  /** Every key of a JSON secret (`username`, `password`) becomes a key of the Secret. */
  | {
      /** The Secret's name. */
      readonly name: string;
      /** Its namespace. */
      readonly namespace: string;
      /** The Secrets Manager secret (its name or ARN). */
      readonly remoteKey: string;
      /** `json`: one key per JSON field. */
      readonly format: 'json';
      /** Labels of the Secret (some readers select by label). */
      readonly labels: Readonly<Record<string, string>>;
    }
  /** The whole value, under one key. */
  | {
      /** The Secret's name. */
      readonly name: string;
      /** Its namespace. */
      readonly namespace: string;
      /** The Secrets Manager secret (its name or ARN). */
      readonly remoteKey: string;
      /** `value`: the whole value under one key. */
      readonly format: 'value';
      /** The key it is written under. */
      readonly valueKey: string;
      /** Labels of the Secret. */
      readonly labels: Readonly<Record<string, string>>;
    };

/** Values of `charts/platform-secrets`. */
export interface PlatformSecretsValues {
  /** The ClusterSecretStore the ExternalSecrets read through. */
  readonly store: {
    /** Its name. */
    readonly name: string;
    /** The Secrets Manager region. */
    readonly region: string;
  };
  /** How often each Secret is refreshed (a rotation reaches the pods within it). */
  readonly refreshInterval: string;
  /** The Secrets delivered. */
  readonly secrets: readonly DeliveredSecret[];
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** Properties of {@link PlatformSecretsAddon}. */
export interface PlatformSecretsProps extends AddonProps<PlatformSecretsValues> {
  /** The Secrets to deliver. */
  readonly secrets: readonly DeliveredSecret[];
  /** @default charts/platform-secrets of this repository */
  readonly chart?: BundledChart;
}

/** The store every delivered secret reads through. */
export const PLATFORM_SECRET_STORE = 'aws-secrets-manager';

/**
 * The platform's secrets in Kubernetes: a ClusterSecretStore that only the namespaces of
 * these secrets may use, and one ExternalSecret each. The external-secrets role must be
 * allowed exactly these secrets (see `ExternalSecretsAddon`).
 */
export class PlatformSecretsAddon extends HelmAddon<PlatformSecretsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'platform-secrets';

  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    const names = props.secrets.map((secret) => `${secret.namespace}/${secret.name}`);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) throw new Error(`Add-on "platform-secrets" delivers ${duplicate} twice`);
    super(scope, id, {
      addonName: PlatformSecretsAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: props.chart ?? localChart(scope, 'platform-secrets'),
      values: mergeValues(
        {
          labels: DEFAULT_CHART_LABELS,
          store: { name: PLATFORM_SECRET_STORE, region: props.context.region },
          refreshInterval: '1h',
          secrets: props.secrets,
        },
        props.values,
      ),
      dependencies: [
        {
          addon: ExternalSecretsAddon.ADDON_NAME,
          reason: 'ClusterSecretStore and ExternalSecret are its CRDs',
        },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: 'it creates the component namespaces the secrets go to',
        },
      ],
      context: props.context,
    });
  }
}
