import { parser } from '@prometheus-io/lezer-promql';

/** One series selector of a PromQL expression: `name{label="value", ...}`. */
export interface SeriesSelector {
  readonly metric: string;
  /** Equality matchers (`label="value"`), the ones that pin a series to a source. */
  readonly labels: Readonly<Record<string, string>>;
  /** Regular-expression matchers (`label=~"..."`), anchored as Prometheus anchors them. */
  readonly patterns: Readonly<Record<string, RegExp>>;
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1)}"` : literal) as string;
}

/**
 * The series selectors of a PromQL expression, parsed with the Prometheus project's own
 * grammar (@prometheus-io/lezer-promql). Throws on a syntax error, naming its position.
 */
export function seriesSelectors(expr: string): SeriesSelector[] {
  const tree = parser.parse(expr);
  const selectors: SeriesSelector[] = [];
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === undefined) error = node.from;
      if (node.name !== 'VectorSelector') return;
      let metric = '';
      const labels: Record<string, string> = {};
      const patterns: Record<string, RegExp> = {};
      const cursor = node.node.cursor();
      cursor.iterate((child) => {
        if (
          child.name === 'Identifier' &&
          metric === '' &&
          child.node.parent?.name === 'VectorSelector'
        ) {
          metric = expr.slice(child.from, child.to);
        }
        if (child.name === 'UnquotedLabelMatcher' || child.name === 'QuotedLabelMatcher') {
          const name = child.node.getChild('LabelName') ?? child.node.getChild('QuotedLabelName');
          const op = child.node.getChild('MatchOp');
          const value = child.node.getChild('StringLiteral');
          if (!name || !op || !value) return false;
          const label = expr.slice(name.from, name.to).replace(/^"|"$/g, '');
          const operator = expr.slice(op.from, op.to);
          const text = unquote(expr.slice(value.from, value.to));
          if (operator === '=') labels[label] = text;
          if (operator === '=~') patterns[label] = new RegExp(`^(?:${text})$`);
          return false;
        }
        return undefined;
      });
      if (!metric && labels.__name__) metric = labels.__name__;
      if (metric) selectors.push({ metric, labels, patterns });
    },
  });
  if (error !== undefined) {
    throw new Error(`PromQL syntax error at ${error}: ${expr.slice(error, error + 40)}`);
  }
  return selectors;
}
