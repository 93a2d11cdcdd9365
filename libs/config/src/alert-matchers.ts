/**
 * Alertmanager's matcher syntax, as an environment's alert routes may write it: one matcher
 * per entry, `name op value`. Names are Prometheus label names or double-quoted UTF-8 names;
 * values are double-quoted strings (Go escapes) or unquoted runs without spaces or Alertmanager's
 * special characters. For `=~` and `!~` the value is an RE2 regular expression, which
 * Alertmanager anchors and compiles: constructs RE2 lacks (lookaround, backreferences) are
 * refused. Stricter than Alertmanager's fallback parser where they differ (it also takes
 * several comma-separated matchers in one entry), never looser: tools/src/alert-matchers.spec.ts
 * checks every accepted matcher with Alertmanager's own amtool.
 */
const MATCHER =
  /^\s*([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^\s"'{},=!~\\]*)\s*$/u;

/** RE2 has no lookaround and no backreferences; JavaScript compiles both. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/** Why Alertmanager would refuse `matcher`, or undefined when it is accepted. */
export function alertMatcherProblem(matcher: string): string | undefined {
  const parts = MATCHER.exec(matcher);
  if (!parts) {
    return 'is not one Alertmanager matcher: write name, an operator (=, !=, =~, !~) and a value, e.g. severity="critical"';
  }
  const [, , operator, rawValue] = parts;
  if (operator === '=~' || operator === '!~') {
    let pattern = rawValue;
    if (rawValue.startsWith('"')) {
      try {
        pattern = JSON.parse(rawValue) as string;
      } catch {
        return 'has a quoted value with an escape Alertmanager does not read';
      }
    }
    if (NOT_RE2.test(pattern)) {
      return 'uses lookaround or a backreference, which Alertmanager’s regular expressions (RE2) do not have';
    }
    try {
      new RegExp(pattern, 'u');
    } catch {
      return 'has a regular expression that does not compile';
    }
  }
  return undefined;
}
