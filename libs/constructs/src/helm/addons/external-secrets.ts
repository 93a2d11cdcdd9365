import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import type { ServiceRole } from '../../iam/service-role';
import { PolicyStatement } from '../../iam/policy-document';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { awsEnvironmentOf } from '../../scope/aws-environment';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, MinAvailableBudget, ServiceAccountValues } from '../values';

/** The upstream chart this add-on installs, pinned to one version. */
export const EXTERNAL_SECRETS_CHART: RepositoryChart = {
  chart: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  version: '0.20.4',
};

/** The namespace `external-secrets`, where the external-secrets release runs. */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
const SERVICE_ACCOUNT = 'external-secrets';

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ExternalSecretsValues {
  /** Whether the chart installs the CRDs (yes: this release owns them). */
  readonly installCRDs: boolean;
  /** Controller replicas. */
  readonly replicaCount: number;
  /** Replicas elect one leader; without it every replica reconciles every secret. */
  readonly leaderElect: boolean;
  /** The controller's resources. */
  readonly resources: ContainerResources;
  /** The controller's disruption budget. */
  readonly podDisruptionBudget: MinAvailableBudget;
  /** The controller's service account, which carries its IAM role. */
  readonly serviceAccount: ServiceAccountValues;
  /** The validating webhook. */
  readonly webhook: {
    /** Its replicas. */
    readonly replicaCount: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly podDisruptionBudget: MinAvailableBudget;
  };
  /** The controller that issues the webhook's certificate. */
  readonly certController: {
    /** Its replicas. */
    readonly replicaCount: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly podDisruptionBudget: MinAvailableBudget;
    /** The cert controller rotates the webhook certificate; replicas must elect one writer. */
    readonly extraArgs: Readonly<Record<string, string | boolean>>;
  };
}

/**
 * Read access to exactly `secretArns`, and KMS decryption only when Secrets Manager decrypts
 * one of them for the caller (the encryption context names the secret), whatever key it uses;
 * no statement at all for no secret.
 */
export function externalSecretsStatements(
  secretArns: readonly string[],
  region: string,
  accountId: string,
  partition = 'aws',
): PolicyStatement[] {
  if (secretArns.length === 0) return [];
  return [
    {
      Sid: 'ReadPlatformSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: [...secretArns],
    },
    {
      Sid: 'DecryptPlatformSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: `arn:${partition}:kms:${region}:${accountId}:key/*`,
      Condition: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
        'ForAnyValue:StringEquals': { 'kms:EncryptionContext:SecretARN': [...secretArns] },
      },
    },
  ];
}

/** Properties of {@link ExternalSecretsAddon}. */
export interface ExternalSecretsProps extends AddonProps<ExternalSecretsValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
  /** ARNs of the Secrets Manager secrets the operator may read; nothing else (none: no policy). */
  readonly secretArns: readonly string[];
}

/** External Secrets Operator: syncs the platform's Secrets Manager secrets into Secrets. */
export class ExternalSecretsAddon extends HelmAddon<ExternalSecretsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'external-secrets';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      { path: ['certController', 'extraArgs'], reason: "the cert controller's flags, by name" },
    ],
  };
  /** The IAM role the add-on's service account assumes. */
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    const { context } = props;
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      // No ARNs, no policy: the operator runs for the secrets teams add later and reads none yet.
      statements: externalSecretsStatements(
        props.secretArns,
        context.region,
        context.accountId,
        awsEnvironmentOf(scope).partition,
      ),
    });
    const replicas = context.highAvailability ? 2 : 1;
    const elect = replicas > 1;
    const podDisruptionBudget = { enabled: context.highAvailability, minAvailable: 1 };
    const defaults: ExternalSecretsValues = {
      installCRDs: true,
      replicaCount: replicas,
      leaderElect: elect,
      resources: containerResources('50m', '128Mi'),
      podDisruptionBudget,
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: serviceAccountAnnotations,
      },
      webhook: {
        replicaCount: replicas,
        resources: containerResources('25m', '64Mi'),
        podDisruptionBudget,
      },
      certController: {
        replicaCount: replicas,
        resources: containerResources('25m', '64Mi'),
        podDisruptionBudget,
        extraArgs: elect ? { 'enable-leader-election': true } : {},
      },
    };
    super(scope, id, {
      addonName: ExternalSecretsAddon.ADDON_NAME,
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      chart: EXTERNAL_SECRETS_CHART,
      values: mergeValues(defaults, props.values),
      context,
      dependsOn: role.resources,
    });
    this.role = role;
  }
}
