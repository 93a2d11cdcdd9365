import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { ResourceTag } from '../scope/resource-tag';

/** Budget alert thresholds, in percent of the monthly limit (actual spend). */
export const BUDGET_ALERT_PERCENTAGES: readonly number[] = [50, 80, 100];

/** Properties of {@link CostGuard}. */
export interface CostGuardProps {
  /** The budget's name. */
  readonly name: string;
  /** The monthly budget, in US dollars. */
  readonly monthlyLimitUsd: number;
  /** Who is emailed at the thresholds. */
  readonly alertEmails: readonly string[];
  /** Topic for the 50 and 80 % alerts. */
  readonly warningTopicArn: string;
  /** Topic for the 100 % (actual and forecast) alerts. */
  readonly criticalTopicArn: string;
  /** Only costs carrying this cost-allocation tag (`key`, `value`) count. @default every cost of the account */
  readonly costAllocationTag?: ResourceTag;
  /** Anomalies whose total impact reaches this many dollars are reported. @default 100 */
  readonly anomalyImpactUsd?: number;
  /**
   * Cost Anomaly Detection per AWS service. AWS allows one such monitor per account, so only
   * the environment that owns the account's shared services creates it. @default true
   */
  readonly anomalyMonitor?: boolean;
  /** Provider for Budgets and Cost Explorer (global services served from us-east-1). */
  readonly provider?: TerraformProvider;
}

/**
 * A monthly cost budget that alerts at 50, 80 and 100 % of actual spend and at 100 % of
 * forecast, plus (unless `anomalyMonitor` is false) Cost Anomaly Detection per AWS service
 * with a daily email digest.
 */
export class CostGuard extends Construct {
  /** The budget's name. */
  readonly budgetName: string;

  constructor(scope: Construct, id: string, props: CostGuardProps) {
    super(scope, id);
    const provider = props.provider;
    const notify = (threshold: number, type: 'ACTUAL' | 'FORECASTED') => ({
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      notificationType: type,
      subscriberEmailAddresses: [...props.alertEmails],
      subscriberSnsTopicArns: [threshold >= 100 ? props.criticalTopicArn : props.warningTopicArn],
    });
    const budget = new BudgetsBudget(this, 'budget', {
      provider,
      // Named, not looked up: the provider otherwise asks STS, which a stack that skips the
      // account lookup (the emulator's) cannot, and the budget got the id ":<name>".
      accountId: awsEnvironmentOf(this).account,
      name: props.name,
      budgetType: 'COST',
      limitAmount: props.monthlyLimitUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      costFilter: props.costAllocationTag
        ? [
            {
              name: 'TagKeyValue',
              values: [`user:${props.costAllocationTag.key}$${props.costAllocationTag.value}`],
            },
          ]
        : undefined,
      notification: [
        ...BUDGET_ALERT_PERCENTAGES.map((threshold) => notify(threshold, 'ACTUAL')),
        notify(100, 'FORECASTED'),
      ],
    });
    this.node.defaultChild = budget;
    if (props.anomalyMonitor ?? true) this.addAnomalyMonitor(props);
    this.budgetName = budget.name;
  }

  private addAnomalyMonitor(props: CostGuardProps): void {
    const provider = props.provider;
    const monitor = new CeAnomalyMonitor(this, 'anomaly-monitor', {
      provider,
      name: props.name,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    new CeAnomalySubscription(this, 'anomaly-subscription', {
      provider,
      name: props.name,
      frequency: 'DAILY',
      monitorArnList: [monitor.arn],
      subscriber: props.alertEmails.map((address) => ({ type: 'EMAIL', address })),
      thresholdExpression: {
        dimension: {
          key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
          matchOptions: ['GREATER_THAN_OR_EQUAL'],
          values: [String(props.anomalyImpactUsd ?? 100)],
        },
      },
    });
  }
}
