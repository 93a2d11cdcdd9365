import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { stackEnvironment } from '../synthesized-stacks';

/** One accepted checkov finding, as tools/policy/checkov-skips.json spells it. */
const skipSchema = z
  .object({
    check: z.string().regex(/^CKV2?_[A-Z0-9]+_\d+$/, 'a checkov check id such as CKV_AWS_338'),
    layers: z.array(z.string().min(1)).min(1).optional(),
    environments: z.array(z.string().min(1)).min(1).optional(),
    resources: z
      .array(z.string().regex(/^[a-z0-9_]+\.\S+$/, 'type.name'))
      .min(1)
      .optional(),
    reason: z.string().min(40, 'a reason a reviewer can check (40 characters at least)'),
  })
  .strict();

const skipListSchema = z.object({ $comment: z.string().optional(), skips: z.array(skipSchema) });

export type PolicySkip = z.infer<typeof skipSchema>;

/** Reads and checks the skip list; a bad entry names the file, the entry and the rule. */
export function loadSkips(file: string): PolicySkip[] {
  const parsed = skipListSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.skips;
}

/** A failed check as checkov reports it, placed in its layer and stack. */
export interface Finding {
  readonly check: string;
  readonly name: string;
  /** `type.name` with the construct hash removed (`aws_s3_bucket.buckets_access-logs_bucket`). */
  readonly resource: string;
  /** The app (`data`) or, for workflows, `github`. */
  readonly layer: string;
  readonly stack: string;
  readonly environment?: string;
}

/** A synthesized stack's resources: type to name to body. */
export type StackResources = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * checkov's resource as `type.name` without cdktf's unique suffix, so a skip survives
 * re-synthesis. Graph checks give `type.name`; resource checks on Terraform JSON give only
 * `resource.name`, whose type is looked up in the stack.
 */
export function stableResource(address: string, resources: StackResources = {}): string {
  let typed = address;
  if (address.startsWith('resource.')) {
    const name = address.slice('resource.'.length);
    const type = Object.keys(resources).find((candidate) => name in resources[candidate]);
    typed = `${type ?? 'resource'}.${name}`;
  }
  return typed.replace(/_[0-9A-F]{8}$/, '');
}

/** Where a checkov file path (relative to the scanned directory) belongs. */
export function locate(
  filePath: string,
  environments: readonly string[],
): Pick<Finding, 'layer' | 'stack' | 'environment'> {
  const parts = filePath.split('/').filter(Boolean);
  const stacks = parts.indexOf('stacks');
  if (stacks > 0 && parts[stacks + 1]) {
    const stack = parts[stacks + 1];
    return { layer: parts[0], stack, environment: stackEnvironment(stack, environments) };
  }
  return { layer: 'github', stack: parts.join('/') };
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`).test(value);
}

export function skipMatches(skip: PolicySkip, finding: Finding): boolean {
  return (
    skip.check === finding.check &&
    (skip.layers?.includes(finding.layer) ?? true) &&
    (skip.environments === undefined ||
      (finding.environment !== undefined && skip.environments.includes(finding.environment))) &&
    (skip.resources?.some((pattern) => globMatches(pattern, finding.resource)) ?? true)
  );
}

export interface Classified {
  readonly failed: Finding[];
  readonly skipped: Array<Finding & { readonly reason: string }>;
  /** Skip entries (by index) that matched nothing: stale, so the gate fails. */
  readonly unused: number[];
}

/** Splits findings into accepted (with the first matching skip's reason) and failures. */
export function classify(findings: readonly Finding[], skips: readonly PolicySkip[]): Classified {
  const used = new Set<number>();
  const failed: Finding[] = [];
  const skipped: Array<Finding & { reason: string }> = [];
  for (const finding of findings) {
    const index = skips.findIndex((skip) => skipMatches(skip, finding));
    if (index < 0) failed.push(finding);
    else {
      used.add(index);
      skipped.push({ ...finding, reason: skips[index].reason });
    }
  }
  const unused = skips.map((_, index) => index).filter((index) => !used.has(index));
  return { failed, skipped, unused };
}

/** checkov's JSON (one report or a list of them per framework). */
export interface CheckovReport {
  readonly check_type: string;
  readonly results: {
    readonly passed_checks?: ReadonlyArray<CheckovCheck>;
    readonly failed_checks?: ReadonlyArray<CheckovCheck>;
  };
  readonly summary: { readonly parsing_errors: number };
}

export interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly file_path: string;
  /** Absolute, or relative to the directory checkov ran in. */
  readonly file_abs_path: string;
  readonly resource: string;
}

/** Passed, failed and skipped counts per layer. */
export type LayerCounts = Record<string, { passed: number; failed: number; skipped: number }>;

export function countByLayer(
  passed: readonly Pick<Finding, 'layer'>[],
  classified: Classified,
): LayerCounts {
  const counts: LayerCounts = {};
  const bump = (layer: string, key: 'passed' | 'failed' | 'skipped') => {
    counts[layer] ??= { passed: 0, failed: 0, skipped: 0 };
    counts[layer][key] += 1;
  };
  for (const check of passed) bump(check.layer, 'passed');
  for (const finding of classified.failed) bump(finding.layer, 'failed');
  for (const finding of classified.skipped) bump(finding.layer, 'skipped');
  return counts;
}

/** checkov's reports for one directory and framework, offline; throws when checkov itself broke. */
export function runCheckov(
  checkov: string,
  directory: string,
  framework: 'terraform_json' | 'github_actions',
): { readonly exitCode: 0 | 1; readonly reports: CheckovReport[] } {
  const run = spawnSync(
    checkov,
    ['-d', directory, '--framework', framework, '--skip-download', '-o', 'json', '--compact'],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      // No network: no Prisma Cloud mapping download, no version check.
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
    },
  );
  // 0: no failed check; 1: failed checks (classified below); anything else: checkov broke.
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`checkov ${framework} on ${directory} exited ${run.status}: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  for (const report of reports)
    if (report.summary.parsing_errors > 0)
      throw new Error(
        `checkov could not parse ${report.summary.parsing_errors} files in ${directory}`,
      );
  return { exitCode: run.status as 0 | 1, reports };
}
