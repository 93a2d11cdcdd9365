/** One problem in one environment file, precise enough to fix without reading code. */
export interface ConfigIssue {
  /** The environment file, relative to the working directory when possible. */
  readonly file: string;
  /** Dotted path of the offending field, e.g. `regions.secondary.vpcCidr`. */
  readonly field: string;
  /** Short, stable rule id, e.g. `cidrs-disjoint`; tests and docs refer to it. */
  readonly rule: string;
  /** What is wrong and what would be right. */
  readonly message: string;
  /** 1-based line of the field in the file, when the field exists there. */
  readonly line?: number;
}

/** One issue as one line: `file:line: field: message [rule: name]`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return `${where}: ${issue.field}: ${issue.message} [rule: ${issue.rule}]`;
}

/** Thrown when any environment file is invalid; carries every issue found, not just the first. */
export class ConfigError extends Error {
  /** @param issues Every issue found, each printed on its own line. */
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid environment configuration (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
