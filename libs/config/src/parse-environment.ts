import { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { ConfigIssue } from './config-error';
import { EnvironmentConfig } from './environment';
import { defaultContextOf, environmentFileSchema, withDefaults } from './model/file-schema';
import { environmentSchema, EnvironmentModel } from './model/schema';
import { checkEnvironment } from './rules';
import { CONTROL_CHARACTER, describeValue, excerpt } from './text-excerpt';

/** The outcome of checking one environment's content: the model, or why there is none. */
export interface ParsedEnvironment {
  /** The environment, when it has no issue. */
  readonly environment?: EnvironmentConfig;
  /** Every issue found; empty when the file is valid. */
  readonly issues: readonly ConfigIssue[];
}

/**
 * Turns the content of one environment file into the model: the file format (derived from
 * the model's schema), the defaults (from the same schema), the model's own check, then
 * the cross-field rules. `shownFile` names the file in every issue.
 */
export function parseEnvironment(
  value: unknown,
  shownFile: string,
  lineOf: (field: string) => number | undefined = () => undefined,
): ParsedEnvironment {
  const issue = (finding: Omit<ConfigIssue, 'file' | 'line'>): ConfigIssue => ({
    file: shownFile,
    line: lineOf(finding.field),
    ...finding,
  });
  const control = controlCharacters(value, []);
  if (control.length > 0) return { issues: control.map(issue) };
  const file = z.safeParse(environmentFileSchema, value, { reportInput: true });
  if (!file.success) return { issues: file.error.issues.map((found) => issue(describe(found))) };
  const filled = withDefaults(environmentSchema, file.data, defaultContextOf(file.data));
  const model = environmentSchema.safeParse(filled, { reportInput: true });
  if (!model.success) return { issues: model.error.issues.map((found) => issue(describe(found))) };
  const environment = configOf(model.data, shownFile);
  return { environment, issues: checkEnvironment(environment).map(issue) };
}

function configOf(model: EnvironmentModel, sourceFile: string): EnvironmentConfig {
  const { regions, ...rest } = model;
  return {
    ...rest,
    sourceFile,
    primaryRegion: regions.primary,
    secondaryRegion: regions.secondary,
    regions: regions.secondary ? [regions.primary, regions.secondary] : [regions.primary],
  };
}

/** Strings (values and keys) holding control characters: refused everywhere, they end up in names, tags and logs. */
function controlCharacters(value: unknown, path: string[]): Omit<ConfigIssue, 'file' | 'line'>[] {
  const at = (parts: string[]) => (parts.length === 0 ? '(root)' : parts.join('.'));
  const finding = (parts: string[], text: string) => ({
    field: at(parts),
    rule: 'control-characters',
    message: `holds a control character ("${excerpt(text, 40)}"); remove it`,
  });
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? [finding(path, value)] : [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => controlCharacters(item, [...path, String(index)]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => {
      const field = [...path, excerpt(key, 40)];
      return CONTROL_CHARACTER.test(key) ? [finding(field, key)] : controlCharacters(inner, field);
    });
  }
  return [];
}

function fieldOf(found: $ZodIssue): string {
  const path = found.path.map((part) => excerpt(String(part), 40));
  if (found.code === 'unrecognized_keys' && found.keys.length > 0) {
    path.push(excerpt(found.keys[0], 40));
  }
  return path.length === 0 ? '(root)' : path.join('.');
}

function describe(found: $ZodIssue): Omit<ConfigIssue, 'file' | 'line'> {
  return { field: fieldOf(found), ...describeRule(found) };
}

/** What a size limit counts, by the kind of value it applies to. */
const UNITS: Readonly<Record<string, string>> = {
  string: ' characters',
  array: ' items',
  set: ' items',
};

function describeRule(found: $ZodIssue): { rule: string; message: string } {
  switch (found.code) {
    case 'unrecognized_keys': {
      const shown = found.keys.slice(0, 3).map((key) => excerpt(key, 40));
      const more = found.keys.length > 3 ? ` and ${found.keys.length - 3} more` : '';
      return {
        rule: 'unknown-field',
        message: `is not a known field (${shown.join(', ')}${more})`,
      };
    }
    case 'invalid_type':
      return found.input === undefined
        ? { rule: 'required', message: `is required (${found.expected})` }
        : {
            rule: 'type',
            message: `must be a ${found.expected}, got ${describeValue(found.input)}`,
          };
    case 'invalid_value':
      return {
        rule: 'allowed-values',
        message: `must be one of ${found.values.map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'invalid_union':
      return { rule: 'allowed-values', message: 'is not one of the allowed values' };
    case 'too_small':
      return {
        rule: 'range',
        message: `must be ${found.inclusive ? '>=' : '>'} ${found.minimum}${UNITS[found.origin] ?? ''}`,
      };
    case 'too_big':
      return {
        rule: 'range',
        message: `must be ${found.inclusive ? '<=' : '<'} ${found.maximum}${UNITS[found.origin] ?? ''}`,
      };
    default:
      return { rule: 'format', message: excerpt(found.message, 200) };
  }
}
