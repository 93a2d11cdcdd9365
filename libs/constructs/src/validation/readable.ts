import { Token, Tokenization } from 'cdktf';

/** How a message shows a value Terraform resolves at plan or apply time (a token). */
export const UNRESOLVED = '<resolved by Terraform>';

/** `text` with each token in it replaced by `replacement`, and how many tokens it held. */
export function withTokensAs(
  text: string,
  replacement: string,
): {
  /** The text with its tokens replaced. */
  readonly text: string;
  /** How many tokens it held. */
  readonly tokens: number;
} {
  const fragments = Tokenization.reverseString(text);
  if (fragments.tokens.length === 0) return { text, tokens: 0 };
  // The fold hands each token over in its encoded form; the text so far has none left.
  const part = (fragment: unknown): string =>
    fragment === undefined ? '' : Token.isUnresolved(fragment) ? replacement : String(fragment);
  return {
    text: part(fragments.join({ join: (left, right) => `${part(left)}${part(right)}` })),
    tokens: fragments.tokens.length,
  };
}

/**
 * A value as an error message should show it: every token replaced by `UNRESOLVED`, so no
 * message prints cdktf's internal `${TfToken[TOKEN.n]}` markers.
 */
export function readable(value: unknown): string {
  if (typeof value === 'string') return withTokensAs(value, UNRESOLVED).text;
  if (Token.isUnresolved(value)) return UNRESOLVED;
  if (Array.isArray(value)) return `[${value.map(readable).join(', ')}]`;
  return String(value);
}
