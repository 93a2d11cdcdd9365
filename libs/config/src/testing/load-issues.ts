import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../config-error';
import { loadEnvironment } from '../loader';

/** Writes `content` as YAML to `<fileName>` in a fresh directory; returns its path. */
export function writeEnvironmentFile(content: unknown, fileName = 'prod.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-config-')), fileName);
  writeFileSync(file, stringify(content));
  return file;
}

/**
 * Loads `content` written as `<fileName>`: no issues when it loads, else each issue as
 * `<field> [<rule>] <message>` (every message must name the file).
 */
export function loadIssues(content: unknown, fileName = 'prod.yaml'): string[] {
  const file = writeEnvironmentFile(content, fileName);
  try {
    loadEnvironment(file);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (!error.message.includes(fileName))
      throw new Error(`issue without the file: ${error.message}`);
    return error.issues.map((issue) => `${issue.field} [${issue.rule}] ${issue.message}`);
  }
}
