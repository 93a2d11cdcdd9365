/**
 * References in a synthesized stack to resources or data sources it does not declare. Terraform
 * would refuse such a stack at plan time; finding them at synth names the stack and the
 * reference. The usual cause is a construct in one stack given another stack's resource:
 * Strata's stacks share values only through the layer contracts (remote state).
 */
export function undeclaredReferences(stack: SynthesizedStack): string[] {
  const providers = Object.keys(stack.terraform?.required_providers ?? {});
  if (providers.length === 0) return [];
  // `type.name` or `data.type.name` where the type belongs to one of the stack's providers;
  // `$${` is Terraform's escape for a literal `${`, not a reference.
  const reference = new RegExp(
    `(?<![\\w.])(data\\.)?((?:${providers.join('|')})_[a-z0-9_]+)\\.([A-Za-z_][\\w-]*)`,
    'g',
  );
  const declared = (data: boolean, type: string, name: string) =>
    Boolean((data ? stack.data : stack.resource)?.[type]?.[name]);
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const expression of interpolations(value)) {
        for (const [text, data, type, name] of expression.matchAll(reference)) {
          if (!declared(Boolean(data), type, name)) found.add(text);
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(stack);
  return [...found].sort();
}

/** The `${ ... }` expressions of a string (nested braces included), escapes skipped. */
function interpolations(text: string): string[] {
  const expressions: string[] = [];
  let at = text.indexOf('${');
  while (at !== -1) {
    if (at > 0 && text[at - 1] === '$') {
      at = text.indexOf('${', at + 2);
      continue;
    }
    let depth = 0;
    let end = at + 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    expressions.push(text.slice(at + 2, end));
    at = text.indexOf('${', end);
  }
  return expressions;
}

/** The parts of a synthesized stack the check reads. */
export interface SynthesizedStack {
  readonly terraform?: { readonly required_providers?: Record<string, unknown> };
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}
