import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { AlarmSeverity } from './metric-alarm';

/** How the children combine. */
export enum AlarmCombination {
  /** Any child in ALARM: one view of a degraded tier. */
  ANY = 'OR',
  /** Every child in ALARM: independent signals agree, so it is worth waking someone. */
  ALL = 'AND',
}

/** Properties of {@link CompositeAlarm}. */
export interface CompositeAlarmProps {
  /** The alarm's name. */
  readonly alarmName: string;
  /** What it means and what to do. */
  readonly description: string;
  /** Which topic it goes to. */
  readonly severity: AlarmSeverity;
  /** The alarms it combines, and how. */
  readonly combination: AlarmCombination;
  /** Names of the child alarms (same region). */
  readonly childAlarmNames: readonly string[];
  /** The topic notified. */
  readonly topicArn: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** `ALARM("a") OR ALARM("b")`: the rule of a composite alarm. */
export function alarmRule(combination: AlarmCombination, childAlarmNames: readonly string[]) {
  return childAlarmNames.map((name) => `ALARM("${name}")`).join(` ${combination} `);
}

/** A composite alarm that notifies its topic on ALARM and OK. */
export class CompositeAlarm extends Construct {
  /** The alarm's ARN. */
  readonly alarmArn: string;

  constructor(scope: Construct, id: string, props: CompositeAlarmProps) {
    super(scope, id);
    const alarm = new CloudwatchCompositeAlarm(this, 'alarm', {
      provider: props.provider,
      alarmName: props.alarmName,
      alarmDescription: `[${props.severity}] ${props.description}`,
      alarmRule: alarmRule(props.combination, props.childAlarmNames),
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
    this.node.defaultChild = alarm;
    this.alarmArn = alarm.arn;
  }
}
