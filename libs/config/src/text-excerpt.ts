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
  const characters = [...text.slice(0, limit * 2 + 2)];
  const escaped = characters
    .slice(0, limit)
    .join('')
    .replace(
      CONTROL_CHARACTERS,
      (character) => `\\u{${character.codePointAt(0)?.toString(16) ?? ''}}`,
    );
  return characters.length > limit ? `${escaped}… (${text.length} characters)` : escaped;
}

/** A value as a short JSON-ish quote for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${excerpt(typeof value === 'string' ? JSON.stringify(value) : String(value))}`;
}
