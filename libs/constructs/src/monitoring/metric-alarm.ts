import { Construct } from 'constructs';
import { ITerraformIterator, TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** Who must act on an alarm. */
export enum AlarmSeverity {
  /** Page someone now: users are or will shortly be affected. */
  CRITICAL = 'critical',
  /** Look during working hours: capacity, cost or a degradation with headroom left. */
  WARNING = 'warning',
}

/** One input of a metric expression. */
export interface ExpressionInput {
  /** @default the spec's metricName */
  readonly metricName?: string;
  /** The metric's dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Math over several metrics, e.g. the maximum over every cache node or an error rate. */
export interface MetricExpression {
  /** The expression (CloudWatch metric math). */
  readonly expression: string;
  /** The metrics the expression names `m0`, `m1`, ... */
  readonly metrics: readonly ExpressionInput[];
}

/** One alarm, described as data so tests can read every threshold. */
export interface AlarmSpec {
  /** Unique within the stack; becomes part of the alarm name. */
  readonly name: string;
  /** What the alarm means and what to do. */
  readonly description: string;
  /** Which topic it goes to. */
  readonly severity: AlarmSeverity;
  /** The metric's namespace (`AWS/SQS`, ...). */
  readonly namespace: string;
  /** The metric's name. */
  readonly metricName: string;
  /** Dimensions of a single metric; ignored when `math` is set. */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** Applies the statistic to each metric in `math.metrics` (same namespace). */
  readonly math?: MetricExpression;
  /** `Average`, `Sum`, `Maximum`, `Minimum` or a percentile such as `p99`. */
  readonly statistic: string;
  /** How the statistic is compared with the threshold. */
  readonly comparison:
    | 'GreaterThanThreshold'
    | 'GreaterThanOrEqualToThreshold'
    | 'LessThanThreshold'
    | 'LessThanOrEqualToThreshold';
  /** The threshold. */
  readonly threshold: number;
  /** The period each datapoint covers, in seconds. */
  readonly periodSeconds: number;
  /** Periods evaluated. */
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods (every period must breach) */
  readonly datapointsToAlarm?: number;
  /** @default 'notBreaching' (no data is not an incident, except where a spec says so) */
  readonly treatMissingData?: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
}

/** Properties of {@link MetricAlarm}. */
export interface MetricAlarmProps {
  /** The prefix of the alarm's name (the stack's naming). */
  readonly alarmNamePrefix: string;
  /** The alarm. */
  readonly spec: AlarmSpec;
  /** Topic notified on ALARM and on the return to OK. */
  readonly topicArn: string;
  /** One alarm per element, e.g. per queue name of a list only known at apply. */
  readonly forEach?: ITerraformIterator;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** A CloudWatch metric alarm from an AlarmSpec that notifies its topic on ALARM and OK. */
export class MetricAlarm extends Construct {
  /** The alarm's ARN. */
  readonly alarmArn: string;
  /** The alarm's name. */
  readonly alarmName: string;

  constructor(scope: Construct, id: string, props: MetricAlarmProps) {
    super(scope, id);
    const { spec } = props;
    const percentile = /^p\d/.test(spec.statistic);
    const single = spec.math
      ? {}
      : {
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions ? { ...spec.dimensions } : undefined,
          period: spec.periodSeconds,
          statistic: percentile ? undefined : spec.statistic,
          extendedStatistic: percentile ? spec.statistic : undefined,
        };
    const math = spec.math
      ? {
          metricQuery: [
            {
              id: 'e0',
              expression: spec.math.expression,
              label: spec.name,
              returnData: true,
            },
            ...spec.math.metrics.map((input, index) => ({
              id: `m${index}`,
              returnData: false,
              metric: {
                namespace: spec.namespace,
                metricName: input.metricName ?? spec.metricName,
                dimensions: { ...input.dimensions },
                period: spec.periodSeconds,
                stat: spec.statistic,
              },
            })),
          ],
        }
      : {};
    const alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider: props.provider,
      forEach: props.forEach,
      alarmName: `${props.alarmNamePrefix}-${spec.name}`,
      alarmDescription: `[${spec.severity}] ${spec.description}`,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData ?? 'notBreaching',
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
      ...single,
      ...math,
    });
    this.node.defaultChild = alarm;
    this.alarmArn = alarm.arn;
    this.alarmName = alarm.alarmName;
  }
}
