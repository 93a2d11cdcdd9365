import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { mergeValues } from '../values';
import { ExternalSecretsAddon } from './external-secrets';
import { PlatformBaselineAddon } from './platform-baseline';

/** How a Secrets Manager value becomes a Kubernetes Secret. */
export type DeliveredSecret =
  /** Every key of a JSON secret (`username`, `password`) becomes a key of the Secret. */
  | {
      readonly name: string;
      readonly namespace: string;
      readonly remoteKey: string;
      readonly format: 'json';
      readonly labels: Readonly<Record<string, string>>;
    }
  /** The whole value, under one key. */
  | {
      readonly name: string;
      readonly namespace: string;
      readonly remoteKey: string;
      readonly format: 'value';
      readonly valueKey: string;
      readonly labels: Readonly<Record<string, string>>;
    };

/** Values of `charts/platform-secrets`. */
export interface PlatformSecretsValues {
  readonly store: { readonly name: string; readonly region: string };
  readonly refreshInterval: string;
  readonly secrets: readonly DeliveredSecret[];
}

/** Properties of {@link PlatformSecretsAddon}. */
export interface PlatformSecretsProps extends AddonProps<PlatformSecretsValues> {
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
