/**
 * Evaluates a composite alarm rule in CloudWatch's syntax (`ALARM("a")`, `OK("a")`,
 * `INSUFFICIENT_DATA("a")`, `TRUE`, `FALSE`, `NOT`, `AND`, `OR`, parentheses) for the child
 * alarms in ALARM, so a test can ask whether a rule fires in a scenario. `AND` and `OR` mixed
 * at one level without parentheses are refused, as their precedence is easy to misread.
 */
export function evaluateAlarmRule(rule: string, inAlarm: ReadonlySet<string>): boolean {
  const tokens = rule.match(/[A-Z_]+\("[^"]*"\)|\(|\)|[A-Z]+/g) ?? [];
  let position = 0;
  const fail = (why: string): never => {
    throw new Error(`Alarm rule ${JSON.stringify(rule)}: ${why} at token ${position}`);
  };
  const next = () => tokens[position++] ?? fail('unexpected end');
  const operand = (): boolean => {
    const token = next();
    if (token === 'NOT') return !operand();
    if (token === 'TRUE') return true;
    if (token === 'FALSE') return false;
    if (token === '(') {
      const value = expression();
      if (next() !== ')') fail('missing )');
      return value;
    }
    const call = /^(ALARM|OK|INSUFFICIENT_DATA)\("([^"]*)"\)$/.exec(token);
    if (!call) return fail(`unexpected ${token}`);
    const alarmed = inAlarm.has(call[2]);
    return call[1] === 'ALARM' ? alarmed : call[1] === 'OK' ? !alarmed : false;
  };
  const expression = (): boolean => {
    let value = operand();
    let operator: string | undefined;
    while (tokens[position] === 'AND' || tokens[position] === 'OR') {
      const current = next();
      if (operator && operator !== current) fail('AND and OR mixed without parentheses');
      operator = current;
      const right = operand();
      value = current === 'AND' ? value && right : value || right;
    }
    return value;
  };
  const value = expression();
  if (position !== tokens.length) fail('trailing tokens');
  return value;
}
