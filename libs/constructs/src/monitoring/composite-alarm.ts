import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { AlarmSeverity } from './metric-alarm';

/**
 * The rule of a composite alarm: a child alarm's name (in ALARM), or rules combined so that
 * any or all of them hold. Nesting says what a flat list cannot, e.g. "the canary fails and
 * either the load balancer errors or it gets no traffic at all".
 */
export type AlarmRule = string | AnyOfRule | AllOfRule;

/** Rules of which any must hold (`OR`). */
export interface AnyOfRule {
  /** The rules. */
  readonly anyOf: readonly AlarmRule[];
}

/** Rules of which every one must hold (`AND`). */
export interface AllOfRule {
  /** The rules. */
  readonly allOf: readonly AlarmRule[];
}

/** Any of the rules holds (`OR`): one view of a degraded tier. */
export function anyOf(...rules: AlarmRule[]): AlarmRule {
  return { anyOf: rules };
}

/** Every rule holds (`AND`): independent signals agree, so it is worth waking someone. */
export function allOf(...rules: AlarmRule[]): AlarmRule {
  return { allOf: rules };
}

/** Properties of {@link CompositeAlarm}. */
export interface CompositeAlarmProps {
  /** The alarm's name. */
  readonly alarmName: string;
  /** What it means and what to do. */
  readonly description: string;
  /** Which topic it goes to. */
  readonly severity: AlarmSeverity;
  /** When it is in ALARM, over child alarms of the same region. */
  readonly rule: AlarmRule;
  /** The topic notified. */
  readonly topicArn: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The rule in CloudWatch's syntax, e.g. `ALARM("a") AND (ALARM("b") OR ALARM("c"))`. An empty
 * combination is refused: CloudWatch would reject the alarm at apply.
 */
export function alarmRuleExpression(rule: AlarmRule, nested = false): string {
  if (typeof rule === 'string') return `ALARM("${rule}")`;
  const [operator, children] = 'anyOf' in rule ? ['OR', rule.anyOf] : ['AND', rule.allOf];
  if (children.length === 0) throw new Error(`An alarm rule combines no alarms with ${operator}`);
  if (children.length === 1) return alarmRuleExpression(children[0], nested);
  const joined = children.map((child) => alarmRuleExpression(child, true)).join(` ${operator} `);
  return nested ? `(${joined})` : joined;
}

/** A composite alarm that notifies its topic on ALARM and OK. */
export class CompositeAlarm extends Construct {
  /** The alarm's ARN. */
  readonly alarmArn: string;
  /** The alarm's name. */
  readonly alarmName: string;

  constructor(scope: Construct, id: string, props: CompositeAlarmProps) {
    super(scope, id);
    const alarm = new CloudwatchCompositeAlarm(this, 'alarm', {
      provider: props.provider,
      alarmName: props.alarmName,
      alarmDescription: `[${props.severity}] ${props.description}`,
      alarmRule: alarmRuleExpression(props.rule),
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
    this.node.defaultChild = alarm;
    this.alarmArn = alarm.arn;
    this.alarmName = alarm.alarmName;
  }
}
