import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError, ConfigIssue } from './config-error';
import { EnvironmentConfig } from './environment';
import { readEnvironmentFile } from './environment-file';
import { ENVIRONMENT_FILE_EXTENSION, environmentOfFileName } from './environment-file-name';
import { parseEnvironment } from './parse-environment';
import { checkEnvironmentSet } from './rules';
import { excerpt } from './text-excerpt';

/** Most issues reported per file: enough to fix, too few to flood a log. */
export const MAX_ISSUES_PER_FILE = 20;

/** Loads and validates one environment file. Throws ConfigError listing every issue. */
export function loadEnvironment(file: string): EnvironmentConfig {
  const shown = displayPath(file);
  const result = loadFile(file, shown);
  if (!result.environment || result.issues.length > 0) throw new ConfigError(result.issues);
  return result.environment;
}

/**
 * Loads every environment file in a directory. All files are checked before anything
 * is returned, so one run reports the problems of every file at once.
 */
export function loadEnvironments(dir: string = defaultEnvironmentsDir()): EnvironmentConfig[] {
  const shownDir = displayPath(dir);
  const directoryIssue = (message: string): ConfigError =>
    new ConfigError([
      { file: shownDir, field: '(directory)', rule: 'environments-exist', message },
    ]);
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) {
    throw directoryIssue('does not exist or is not a directory');
  }
  const entries = readdirSync(dir)
    // Hidden entries (editor swap files, .gitkeep) are not environments.
    .filter((name) => !name.startsWith('.'))
    .sort();
  const issues: ConfigIssue[] = [];
  const declaredBy = new Map<string, string>();
  const files: string[] = [];
  for (const name of entries) {
    const shown = displayPath(join(dir, name));
    if (!ENVIRONMENT_FILE_EXTENSION.test(name)) {
      issues.push({
        file: shown,
        field: '(file)',
        rule: 'environment-file-name',
        message:
          'is not an environment file; environments/ holds only <name>.yaml (or .yml) files, so rename it or move it out',
      });
      continue;
    }
    const environment = environmentOfFileName(name);
    const earlier = declaredBy.get(environment);
    if (earlier) {
      issues.push({
        file: shown,
        field: '(file)',
        rule: 'one-file-per-environment',
        message: `declares environment "${environment}" like ${earlier}; keep one of the two`,
      });
      continue;
    }
    declaredBy.set(environment, shown);
    files.push(name);
  }
  if (files.length === 0 && issues.length === 0) {
    throw directoryIssue('holds no *.yaml environment file');
  }
  const results = files.map((name) => loadFile(join(dir, name), displayPath(join(dir, name))));
  issues.push(...results.flatMap((result) => result.issues));
  const environments = results.flatMap((result) =>
    result.environment ? [result.environment] : [],
  );
  if (issues.length === 0) issues.push(...checkEnvironmentSet(environments));
  if (issues.length > 0) throw new ConfigError(issues);
  return environments;
}

/**
 * The `environments/` directory: `STRATA_ENVIRONMENTS_DIR` when set, otherwise the one
 * in the workspace root.
 */
export function defaultEnvironmentsDir(): string {
  const override = process.env.STRATA_ENVIRONMENTS_DIR;
  return override ? resolve(override) : join(findWorkspaceRoot(), 'environments');
}

/** The nearest directory above the working directory that holds `nx.json`, else the working directory. */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
  return dir;
}

function loadFile(
  file: string,
  shown: string,
): { environment?: EnvironmentConfig; issues: readonly ConfigIssue[] } {
  const read = readEnvironmentFile(file, shown);
  const result = read.content
    ? parseEnvironment(read.content.value, shown, read.content.lineOf)
    : { issues: read.issues };
  return { ...result, issues: capIssues(result.issues, shown) };
}

function capIssues(issues: readonly ConfigIssue[], file: string): readonly ConfigIssue[] {
  if (issues.length <= MAX_ISSUES_PER_FILE) return issues;
  return [
    ...issues.slice(0, MAX_ISSUES_PER_FILE),
    {
      file,
      field: '(file)',
      rule: 'issue-limit',
      message: `has ${issues.length - MAX_ISSUES_PER_FILE} more issues; fix these first`,
    },
  ];
}

/** The path as messages show it: relative when inside the working directory, never raw control characters. */
function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return excerpt(shown.startsWith('..') ? file : shown, 200);
}
