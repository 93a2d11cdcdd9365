import { Construct } from 'constructs';
import { IrsaRole } from '../../eks/irsa-role';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';

export const EXTERNAL_SECRETS_CHART: RepositoryChart = {
  chart: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  version: '0.20.4',
};

const SERVICE_ACCOUNT = 'external-secrets';

export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly serviceAccount: {
    readonly create: boolean;
    readonly name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly webhook: { readonly replicaCount: number };
  readonly certController: { readonly replicaCount: number };
}

export interface ExternalSecretsProps extends AddonProps<ExternalSecretsValues> {
  readonly roleName: string;
  /** Secrets Manager name prefix the operator may read, e.g. `strata-prod-use1/`. */
  readonly secretPrefix: string;
}

/** External Secrets Operator: syncs Secrets Manager entries under the platform prefix into Secrets. */
export class ExternalSecretsAddon extends HelmAddon<ExternalSecretsValues> {
  static readonly ADDON_NAME = 'external-secrets';

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    const { context } = props;
    const role = new IrsaRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      oidc: context.oidc,
      namespace: 'external-secrets',
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'ReadPlatformSecrets',
          Effect: 'Allow',
          Action: [
            'secretsmanager:GetSecretValue',
            'secretsmanager:DescribeSecret',
            'secretsmanager:ListSecretVersionIds',
          ],
          Resource: `arn:aws:secretsmanager:${context.region}:${context.accountId}:secret:${props.secretPrefix}*`,
        },
      ],
    });
    const replicas = context.highAvailability ? 2 : 1;
    const defaults: ExternalSecretsValues = {
      installCRDs: true,
      replicaCount: replicas,
      podDisruptionBudget: { enabled: context.highAvailability, minAvailable: 1 },
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: role.serviceAccountAnnotation,
      },
      webhook: { replicaCount: replicas },
      certController: { replicaCount: replicas },
    };
    super(scope, id, {
      addonName: ExternalSecretsAddon.ADDON_NAME,
      namespace: 'external-secrets',
      chart: EXTERNAL_SECRETS_CHART,
      values: mergeValues(defaults, props.values),
      context,
      dependsOn: role.resources,
    });
  }
}
