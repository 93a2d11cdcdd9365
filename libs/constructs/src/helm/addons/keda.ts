import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { PolicyStatement } from '../../iam/policy-document';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, ServiceAccountValues } from '../values';

/** The upstream chart this add-on installs, pinned to one version. */
export const KEDA_CHART: RepositoryChart = {
  chart: 'keda',
  repository: 'https://kedacore.github.io/charts',
  version: '2.20.2',
};

/** The namespace `keda`, where the keda release runs. */
export const KEDA_NAMESPACE = 'keda';
/** The operator runs the scalers; with `identityOwner: keda` they use its role. */
export const KEDA_OPERATOR_SERVICE_ACCOUNT = 'keda-operator';

type Part = 'operator' | 'metricServer' | 'webhooks';

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface KedaValues {
  /** The operator, which scales workloads by their triggers. */
  readonly operator: {
    /** Its replicas. */
    readonly replicaCount: number;
  };
  /** The metrics API server the HPA reads KEDA's metrics from. */
  readonly metricsServer: {
    /** Its replicas. */
    readonly replicaCount: number;
  };
  /** The admission webhooks that validate ScaledObjects. */
  readonly webhooks: {
    /** Its replicas. */
    readonly replicaCount: number;
  };
  /** Per part; empty renders no budget (one replica: a budget would block every drain). */
  readonly podDisruptionBudget: Readonly<
    Record<
      Part,
      {
        /** Pods of the part that must stay up during a drain. @default no budget */
        readonly minAvailable?: number;
      }
    >
  >;
  /** The service accounts. */
  readonly serviceAccount: {
    /** The operator's, which carries its IAM role (it reads queue depths). */
    readonly operator: ServiceAccountValues;
  };
  /** Each part's resources. */
  readonly resources: Readonly<Record<Part, ContainerResources>>;
}

/** Properties of {@link KedaAddon}. */
export interface KedaProps extends AddonProps<KedaValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
  /** ARNs of the queues KEDA may read the depth of (GetQueueAttributes only). */
  readonly queueArns: readonly string[];
}

/**
 * KEDA: scales Deployments on event sources, here the platform's SQS queues' depth. Its
 * operator reads queue attributes through a Pod Identity role limited to those queues (the
 * scalers run as the operator: `identityOwner: keda`), so no worker needs AWS access to scale.
 */
export class KedaAddon extends HelmAddon<KedaValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'keda';

  constructor(scope: Construct, id: string, props: KedaProps) {
    const { context } = props;
    const statements: PolicyStatement[] = [
      {
        Sid: 'ReadQueueDepth',
        Effect: 'Allow',
        Action: 'sqs:GetQueueAttributes',
        Resource: [...props.queueArns],
      },
    ];
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: KEDA_NAMESPACE,
      serviceAccount: KEDA_OPERATOR_SERVICE_ACCOUNT,
      statements,
    });
    const replicas = context.highAvailability ? 2 : 1;
    const budget: { minAvailable?: number } = context.highAvailability ? { minAvailable: 1 } : {};
    const defaults: KedaValues = {
      operator: { replicaCount: replicas },
      metricsServer: { replicaCount: replicas },
      webhooks: { replicaCount: replicas },
      podDisruptionBudget: { operator: budget, metricServer: budget, webhooks: budget },
      serviceAccount: {
        operator: {
          create: true,
          name: KEDA_OPERATOR_SERVICE_ACCOUNT,
          annotations: serviceAccountAnnotations,
        },
      },
      resources: {
        operator: containerResources('100m', '128Mi', '512Mi'),
        metricServer: containerResources('100m', '128Mi', '512Mi'),
        webhooks: containerResources('50m', '64Mi', '256Mi'),
      },
    };
    super(scope, id, {
      addonName: KedaAddon.ADDON_NAME,
      namespace: KEDA_NAMESPACE,
      chart: KEDA_CHART,
      values: mergeValues(defaults, props.values),
      dependsOn: [...role.resources],
      context,
    });
  }
}
