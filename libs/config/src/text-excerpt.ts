/** Longest piece of a file's content an error message quotes. */
export const EXCERPT_LIMIT = 60;

/** Control, format and line-separator characters: escaped when quoted, refused in values. */
export const CONTROL_CHARACTER = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'gu');

/**
 * A short, printable quote of user content for an error message: control characters are
 * escaped (so nothing can redraw the terminal) and the text is cut at `limit` characters
 * (so a huge value cannot flood the log).
 */
export function excerpt(text: string, limit: number = EXCERPT_LIMIT): string {
  const characters = [...redactSecrets(text.slice(0, limit * 2 + 2))];
  const escaped = characters
    .slice(0, limit)
    .join('')
    .replace(
      CONTROL_CHARACTERS,
      (character) => `\\u{${character.codePointAt(0)?.toString(16) ?? ''}}`,
    );
  return characters.length > limit ? `${escaped}… (${text.length} characters)` : escaped;
}

/**
 * Credentials an error message must not repeat, even short: a mistyped value is often a
 * secret pasted into the wrong field, and messages end up in CI logs. AWS access key ids,
 * AWS secret access keys, GitHub and Slack tokens, the password of a URL, and any other
 * unbroken run of 32 or more letters and digits mixed; names, paths, ARNs and hosts have
 * separators.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /(?<=:\/\/[^/@\s:]*:)[^/@\s]+(?=@)/g,
  // An AWS secret access key: 40 of base64's characters, upper and lower case and digits.
  /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{0,39}[0-9])(?=[A-Za-z0-9+/]{0,39}[a-z])(?=[A-Za-z0-9+/]{0,39}[A-Z])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/])/g,
  // Any other token: 32 or more letters and digits, both, unbroken (paths and names are not).
  /(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]*[0-9])(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{32,}/g,
];

/** `text` with every credential-looking part replaced by `<redacted>`. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (redacted, pattern) => redacted.replace(pattern, '<redacted>'),
    text,
  );
}

/** A value as a short JSON-ish quote for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${excerpt(typeof value === 'string' ? JSON.stringify(value) : String(value))}`;
}
