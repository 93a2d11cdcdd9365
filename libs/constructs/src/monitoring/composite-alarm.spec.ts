import { alarmRuleExpression, allOf, anyOf } from './composite-alarm';
import { evaluateAlarmRule } from '../testing/alarm-rule';

describe('alarmRuleExpression', () => {
  const rule = alarmRuleExpression(allOf('canary', anyOf('errors', 'no-targets', 'no-requests')));

  it('writes nested rules with parentheses CloudWatch reads as meant', () => {
    expect(rule).toBe(
      'ALARM("canary") AND (ALARM("errors") OR ALARM("no-targets") OR ALARM("no-requests"))',
    );
    expect(alarmRuleExpression(anyOf('a'))).toBe('ALARM("a")');
  });

  it.each([
    [['canary', 'no-requests'], true],
    [['canary', 'errors'], true],
    [['canary'], false],
    [['errors', 'no-targets', 'no-requests'], false],
  ])('with %j in ALARM the rule holds: %s', (alarms, fires) => {
    expect(evaluateAlarmRule(rule, new Set(alarms))).toBe(fires);
  });

  it('refuses a combination of nothing, and the evaluator refuses AND and OR unbracketed', () => {
    expect(() => alarmRuleExpression(allOf())).toThrow('combines no alarms with AND');
    expect(() => evaluateAlarmRule('ALARM("a") AND ALARM("b") OR ALARM("c")', new Set())).toThrow(
      'mixed without parentheses',
    );
  });
});
