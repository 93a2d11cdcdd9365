/** A difference that is expected between two frameworks' output, and why. */
export interface ExpectedDifference {
  /** Dotted path from the stack's root, e.g. `terraform.required_providers.aws.version`. */
  readonly path: string;
  readonly reason: string;
}

/**
 * Where two synthesized stacks differ: the dotted path of each value present in one and not
 * the other, or different in both (objects are compared key by key, anything else whole).
 */
export function stackDifferences(
  left: unknown,
  right: unknown,
  path: readonly string[] = [],
): string[] {
  if (JSON.stringify(left) === JSON.stringify(right)) return [];
  if (isObject(left) && isObject(right)) {
    return [...new Set([...Object.keys(left), ...Object.keys(right)])].flatMap((key) =>
      stackDifferences(left[key], right[key], [...path, key]),
    );
  }
  return [path.join('.')];
}

/** The differences no expected difference names. */
export function unexpectedDifferences(
  differences: readonly string[],
  expected: readonly ExpectedDifference[],
): string[] {
  return differences.filter((path) => !expected.some((known) => known.path === path));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
