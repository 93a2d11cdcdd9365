import { z } from 'zod';
import { EnvironmentTier } from '../environment-enums';
import { FIELD_META, FieldDefault } from './field';
import { environmentSchema } from './schema';

/** One row of the environment file reference: a field, whether it must be given, its default. */
export interface FieldReference {
  /** The dotted field path. */
  readonly field: string;
  /** `required`, `optional` (absent unless given) or the default. */
  readonly default: string;
  /** What the field means. */
  readonly description: string;
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, inner]) => `${key}: ${show(inner)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

const TIER_ORDER = [
  EnvironmentTier.PRODUCTION,
  EnvironmentTier.STAGING,
  EnvironmentTier.DEVELOPMENT,
] as const;

function showDefault(fallback: FieldDefault<unknown>): string {
  switch (fallback.kind) {
    case 'value':
      return show(fallback.value);
    case 'derived':
      return fallback.explain;
    case 'tier': {
      const shown = TIER_ORDER.map((tier) => [tier, show(fallback.values[tier])] as const);
      if (shown.every(([, value]) => value === shown[0][1])) return shown[0][1];
      if (shown[1][1] === shown[2][1])
        return `${shown[0][1]} in production, ${shown[1][1]} otherwise`;
      return shown.map(([tier, value]) => `${value} (${tier})`).join(', ');
    }
  }
}

function rowsOf(schema: z.core.$ZodType, path: string): FieldReference[] {
  const meta = FIELD_META.get(schema);
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  const own: FieldReference[] = meta
    ? [
        {
          field: path,
          default: meta.default
            ? showDefault(meta.default)
            : schema instanceof z.ZodOptional
              ? 'optional'
              : 'required',
          description: meta.description,
        },
      ]
    : [];
  const children =
    inner instanceof z.ZodObject && !meta?.default
      ? Object.entries(inner.shape).flatMap(([key, field]) =>
          rowsOf(field, path ? `${path}.${key}` : key),
        )
      : [];
  return [...own, ...children];
}

/** Every documented field of an environment file, in file order; the README's reference table. */
export function environmentFieldReference(): FieldReference[] {
  return rowsOf(environmentSchema, '');
}
