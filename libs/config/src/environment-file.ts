import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, Stats } from 'node:fs';
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node as YamlNode,
  parseDocument,
  visit,
} from 'yaml';
import { ConfigIssue } from './config-error';
import { excerpt } from './text-excerpt';

/** Largest environment file read; real ones are a few KiB. Checked before reading. */
export const MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;
/** Most alias expansions one file may use (YAML anchors are fine; an alias bomb is not). */
export const MAX_YAML_ALIASES = 50;

/** An environment file's content as plain data, with the line of each field for messages. */
export interface EnvironmentFileContent {
  /** The document as plain data. */
  readonly value: unknown;
  /** The line a dotted field path (`network.azCount`) is written on, if it is. */
  lineOf(field: string): number | undefined;
}

type ReadResult =
  | { readonly content: EnvironmentFileContent; readonly issues: readonly [] }
  | { readonly content?: undefined; readonly issues: readonly ConfigIssue[] };

const fail = (file: string, rule: string, message: string, extra: Partial<ConfigIssue> = {}) => ({
  issues: [{ file, field: '(file)', rule, message, ...extra }],
});

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads one environment file without trusting it: regular files only (no link is followed,
 * a pipe is never opened for a blocking read), at most MAX_ENVIRONMENT_FILE_BYTES, UTF-8
 * text, YAML with bounded aliases, every alias resolved and no key given twice. Problems
 * come back as issues naming the file, line, field and rule; content is never echoed
 * beyond a short excerpt.
 */
export function readEnvironmentFile(path: string, shownFile: string): ReadResult {
  let bytes: Buffer | string | undefined;
  try {
    const stats = lstatSync(path);
    if (!stats.isFile()) {
      return fail(
        shownFile,
        'regular-file',
        `is ${kindOf(stats)}; environment files must be regular files inside environments/`,
      );
    }
    bytes = readBounded(path);
  } catch (error) {
    // Errors from fs carry a code; compared by shape, not class (test runners use other realms).
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'EACCES' || code === 'EPERM') {
      return fail(shownFile, 'readable', 'cannot be read (permission denied)');
    }
    if (code === 'ENOENT') return fail(shownFile, 'readable', 'no longer exists');
    return fail(shownFile, 'readable', `cannot be read (${code || 'unknown error'})`);
  }
  if (bytes === undefined) {
    return fail(
      shownFile,
      'file-size',
      `is larger than ${MAX_ENVIRONMENT_FILE_BYTES / 1024} KiB; an environment file is a few KiB of YAML`,
    );
  }
  if (typeof bytes === 'string') return fail(shownFile, 'regular-file', bytes);
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return fail(shownFile, 'utf8-text', 'is not UTF-8 text; environment files are YAML');
  }
  return parseEnvironmentYaml(text, shownFile);
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The file's bytes, undefined when over the cap, or why it is not a regular file. */
function readBounded(path: string): Buffer | string | undefined {
  // O_NONBLOCK: a FIFO swapped in after lstat must not block the open; O_NOFOLLOW: nor a link.
  const descriptor = openSync(
    path,
    constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
  );
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return `is ${kindOf(stats)}; environment files must be regular files`;
    // A second name may be a hard link to a file outside environments/ (a key, a secret).
    if (stats.nlink > 1) {
      return `has ${stats.nlink} hard links; environment files must be single-link files inside environments/`;
    }
    if (stats.size > MAX_ENVIRONMENT_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(MAX_ENVIRONMENT_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_ENVIRONMENT_FILE_BYTES) return undefined;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}

/** Parses environment YAML text; see readEnvironmentFile. */
export function parseEnvironmentYaml(text: string, shownFile: string): ReadResult {
  if (text.includes('\u0000')) {
    return fail(shownFile, 'utf8-text', 'contains NUL bytes; environment files are YAML text');
  }
  const lineCounter = new LineCounter();
  // uniqueKeys off: the library's own check is quadratic; duplicateKeys below is linear.
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    schema: 'core',
  });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    return {
      issues: problems.map((problem) => ({
        file: shownFile,
        field: '(file)',
        rule: 'yaml-syntax',
        message: excerpt(problem.message.split('\n')[0], 120),
        line: lineAt(problem.pos[0]),
      })),
    };
  }
  const structural = [
    ...unresolvedAliases(document),
    ...duplicateKeys(document),
    ...numberForms(document),
  ].map((finding) => ({
    file: shownFile,
    ...finding,
    line: lineAt(finding.offset),
    offset: undefined,
  }));
  if (structural.length > 0) {
    return { issues: structural.map(({ offset: _offset, ...issue }) => issue) };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch {
    const first = firstAlias(document);
    return fail(
      shownFile,
      'yaml-alias-limit',
      `expands aliases beyond the limit of ${MAX_YAML_ALIASES} (an alias bomb?); write the values out`,
      first ? { field: first.field, line: lineAt(first.offset) } : {},
    );
  }
  return {
    content: { value, lineOf: (field) => lineOfField(document, lineCounter, field) },
    issues: [],
  };
}

interface Finding {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  readonly offset?: number;
}

/** Dotted field of a node from the ancestors `visit` passes (pairs give keys, lists indexes). */
function fieldOf(path: readonly unknown[], node: unknown): string {
  const parts: string[] = [];
  const chain = [...path, node];
  for (let index = 1; index < chain.length; index++) {
    const parent = chain[index - 1];
    const child = chain[index];
    if (isPair(child) && isScalar(child.key)) parts.push(excerpt(String(child.key.value), 40));
    if (isPair(child) && isAlias(child.key)) parts.push(`*${excerpt(child.key.source, 40)}`);
    if (isSeq(parent)) parts.push(String(parent.items.indexOf(child as YamlNode)));
  }
  return parts.length === 0 ? '(root)' : parts.join('.');
}

function unresolvedAliases(document: Document): Finding[] {
  const findings: Finding[] = [];
  visit(document, {
    Alias(_key, alias, path) {
      if (alias.resolve(document) === undefined) {
        findings.push({
          field: fieldOf(path, alias),
          rule: 'yaml-alias',
          message: `uses *${excerpt(alias.source, 40)}, but no anchor &${excerpt(alias.source, 40)} is set before it`,
          offset: alias.range?.[0],
        });
      }
    },
  });
  return findings;
}

function firstAlias(document: Document): { field: string; offset?: number } | undefined {
  let first: { field: string; offset?: number } | undefined;
  visit(document, {
    Alias(_key, alias, path) {
      first = { field: fieldOf(path, alias), offset: alias.range?.[0] };
      return visit.BREAK;
    },
  });
  return first;
}

/** A number as every service Strata hands it to reads it: plain decimal. */
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Numbers YAML reads but the services do not write that way: hexadecimal, octal, exponents,
 * leading zeros, `.inf`, `.nan` and `-0`. They reach names, tags, Kubernetes quantities and
 * AWS APIs as JavaScript renders them (`1e+30`, `Infinity`), which those refuse or misread.
 */
function numberForms(document: Document): Finding[] {
  const findings: Finding[] = [];
  visit(document, {
    Scalar(_key, scalar, path) {
      if (typeof scalar.value !== 'number' || scalar.source === undefined) return;
      if (DECIMAL.test(scalar.source) && scalar.source !== '-0') return;
      findings.push({
        field: fieldOf(path, scalar),
        rule: 'number-format',
        message: `is written ${excerpt(scalar.source, 20)}; write the number in plain decimal (such as 16 or 0.05)`,
        offset: scalar.range?.[0],
      });
    },
  });
  return findings;
}

/** Keys given twice in one mapping (YAML keeps the last silently); linear in the file size. */
function duplicateKeys(document: Document): Finding[] {
  const findings: Finding[] = [];
  visit(document, {
    Map(_key, map, path) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        // An alias key (`*name: value`) is the anchored value: it duplicates like one.
        const keyNode = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
        if (!isScalar(keyNode)) {
          if (isMap(keyNode) || isSeq(keyNode)) {
            findings.push({
              field: fieldOf([...path, map], pair),
              rule: 'yaml-key',
              message: 'uses a mapping or list as a key; keys are plain names',
              offset: keyNode.range?.[0],
            });
          }
          continue;
        }
        const key = String(keyNode.value);
        if (seen.has(key)) {
          findings.push({
            field: fieldOf([...path, map], pair),
            rule: 'duplicate-key',
            message: 'is given twice in the same mapping; YAML would keep only the last',
            offset: (isAlias(pair.key) ? pair.key : keyNode).range?.[0],
          });
        }
        seen.add(key);
      }
    },
  });
  return findings;
}

/** Line of the deepest existing node on the field's path (the parent when the field is missing). */
function lineOfField(
  document: Document,
  lineCounter: LineCounter,
  field: string,
): number | undefined {
  const keys = field.startsWith('(')
    ? []
    : field.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  for (let depth = keys.length; depth > 0; depth--) {
    const node = document.getIn(keys.slice(0, depth), true);
    if (isMap(node) || isSeq(node) || isScalar(node)) {
      const offset = node.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
  }
  return undefined;
}
