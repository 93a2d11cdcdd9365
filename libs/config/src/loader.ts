import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Document, LineCounter, parseDocument } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { resolveClusterSettings } from './cluster-defaults';
import { resolveDataSettings } from './data-defaults';
import { resolveEdgeSettings, resolveObservabilitySettings } from './operations-defaults';
import { ConfigError, ConfigIssue } from './config-error';
import { EnvironmentConfig, EnvironmentTier, LAYERS, LayerName, NatStrategy } from './environment';
import { DEFAULT_PROJECT } from './names';
import { checkEnvironment } from './rules';
import { EnvironmentFile, environmentFileSchema } from './schema';

const ENVIRONMENT_FILE = /\.ya?ml$/;

/** Loads and validates one environment file. Throws ConfigError listing every issue. */
export function loadEnvironment(file: string): EnvironmentConfig {
  const result = parseEnvironmentFile(file);
  if (result.issues.length > 0) throw new ConfigError(result.issues);
  return result.environment as EnvironmentConfig;
}

/**
 * Loads every environment file in a directory. All files are checked before anything
 * is returned, so one run reports the problems of every file at once.
 */
export function loadEnvironments(dir: string = defaultEnvironmentsDir()): EnvironmentConfig[] {
  if (!existsSync(dir)) {
    throw new ConfigError([
      {
        file: displayPath(dir),
        field: '(directory)',
        rule: 'environments-exist',
        message: 'does not exist',
      },
    ]);
  }
  const files = readdirSync(dir)
    .filter((name) => ENVIRONMENT_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
  if (files.length === 0) {
    throw new ConfigError([
      {
        file: displayPath(dir),
        field: '(directory)',
        rule: 'environments-exist',
        message: 'holds no *.yaml environment file',
      },
    ]);
  }
  const results = files.map(parseEnvironmentFile);
  const issues = results.flatMap((result) => result.issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return results.map((result) => result.environment as EnvironmentConfig);
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

interface ParseResult {
  readonly environment?: EnvironmentConfig;
  readonly issues: ConfigIssue[];
}

function parseEnvironmentFile(file: string): ParseResult {
  const shownFile = displayPath(file);
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => ({
        file: shownFile,
        field: '(file)',
        rule: 'yaml-syntax',
        message: error.message.split('\n')[0],
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }
  const lineOf = (field: string) => lineOfField(document, lineCounter, field);
  const parsed = environmentFileSchema.safeParse(document.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((issue) => {
        const field = fieldOfIssue(issue);
        return { file: shownFile, field, line: lineOf(field), ...describeSchemaIssue(issue) };
      }),
    };
  }
  const environment = resolveDefaults(parsed.data, shownFile);
  const issues = checkEnvironment(environment).map((finding) => ({
    file: shownFile,
    line: lineOf(finding.field),
    ...finding,
  }));
  return { environment, issues };
}

/** Fills the defaults that depend on other fields; the result is the typed model. */
function resolveDefaults(file: EnvironmentFile, sourceFile: string): EnvironmentConfig {
  const production = file.tier === EnvironmentTier.PRODUCTION;
  const primaryRegion = file.regions.primary;
  const secondaryRegion = file.regions.secondary;
  return {
    name: file.name,
    tier: file.tier,
    sourceFile,
    accountId: file.accountId,
    project: file.project ?? DEFAULT_PROJECT,
    costCentre: file.costCentre,
    primaryRegion,
    secondaryRegion,
    regions: secondaryRegion ? [primaryRegion, secondaryRegion] : [primaryRegion],
    network: {
      azCount: file.network.azCount,
      natStrategy:
        file.network.natStrategy ?? (production ? NatStrategy.PER_AZ : NatStrategy.SINGLE),
      flowLogRetentionDays: file.network.flowLogRetentionDays ?? 30,
      interfaceEndpoints: file.network.interfaceEndpoints ?? true,
      transitGatewayPeering:
        file.network.transitGatewayPeering ?? (production && !!secondaryRegion),
    },
    dnsDomain: file.dnsDomain,
    budget: file.budget,
    tags: file.tags ?? {},
    layers: Object.fromEntries(
      LAYERS.map((layer) => [layer, file.layers?.[layer] ?? true]),
    ) as Record<LayerName, boolean>,
    emulator: file.emulator,
    cluster: file.cluster && resolveClusterSettings(file.cluster, file.tier),
    data: resolveDataSettings(file.data, file.tier, !!secondaryRegion, file.network.azCount),
    observability: resolveObservabilitySettings(file.observability, file.tier, file.budget),
    edge: resolveEdgeSettings(file.edge, file.tier),
  };
}

function fieldOfIssue(issue: $ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]);
  return path.length === 0 ? '(root)' : path.join('.');
}

function describeSchemaIssue(issue: $ZodIssue): { rule: string; message: string } {
  switch (issue.code) {
    case 'unrecognized_keys':
      return { rule: 'unknown-field', message: `is not a known field (${issue.keys.join(', ')})` };
    case 'invalid_type':
      return issue.input === undefined
        ? { rule: 'required', message: `is required (${issue.expected})` }
        : {
            rule: 'type',
            message: `must be a ${issue.expected}, got ${describeValue(issue.input)}`,
          };
    case 'invalid_value':
      return {
        rule: 'allowed-values',
        message: `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'invalid_union':
      return { rule: 'allowed-values', message: 'is not one of the allowed values' };
    case 'too_small':
      return { rule: 'range', message: `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}` };
    case 'too_big':
      return { rule: 'range', message: `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}` };
    default:
      return { rule: 'format', message: issue.message };
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
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
    const node = document.getIn(keys.slice(0, depth), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}
