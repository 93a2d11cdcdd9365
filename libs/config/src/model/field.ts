import { z } from 'zod';
import { EnvironmentTier } from '../environment-enums';

/**
 * What a default may depend on besides the tier: the few facts of the file that other
 * defaults follow. Read from the file after its shape is checked (see `defaults.ts`).
 */
export interface DefaultContext {
  readonly tier: EnvironmentTier;
  readonly primaryRegion: string;
  readonly hasSecondaryRegion: boolean;
  readonly azCount: number;
  readonly budgetEmails: readonly string[];
}

export type TierValues<V> = Readonly<Record<EnvironmentTier, V>>;

/** A field's default: one value, one per tier, or computed from other fields (with why, for docs). */
export type FieldDefault<V> =
  | { readonly kind: 'value'; readonly value: V }
  | { readonly kind: 'tier'; readonly values: TierValues<V> }
  | {
      readonly kind: 'derived';
      readonly explain: string;
      readonly compute: (context: DefaultContext) => V;
    };

/** Documentation and default of one field of the model. */
export interface FieldMeta {
  readonly description: string;
  readonly default?: FieldDefault<unknown>;
}

/** Where the schema keeps each field's description and default. */
export const FIELD_META = new WeakMap<z.core.$ZodType, FieldMeta>();

function withMeta<T extends z.core.$ZodType>(schema: T, meta: FieldMeta): T {
  FIELD_META.set(schema, meta);
  return schema;
}

/** A field the file must give: it has no default. */
export function required<T extends z.ZodType>(schema: T, description: string): T {
  return withMeta(schema.clone(), { description });
}

/** A field the file may leave out, and that then stays absent. */
export function optional<T extends z.ZodType>(schema: T, description: string): z.ZodOptional<T> {
  return withMeta(schema.optional(), { description });
}

/** A field the file may leave out; the model then holds `fallback`. */
export function defaulted<T extends z.ZodType>(
  schema: T,
  fallback: FieldDefault<z.output<T>>,
  description: string,
): T {
  return withMeta(schema.clone(), { description, default: fallback });
}

export const always = <const V>(value: V): FieldDefault<V> => ({ kind: 'value', value });

/** An empty list by default. */
export const none = <V>(): FieldDefault<V[]> => ({ kind: 'value', value: [] });

export const perTier = <const V>(values: TierValues<V>): FieldDefault<V> => ({
  kind: 'tier',
  values,
});

export const derived = <V>(
  explain: string,
  compute: (context: DefaultContext) => V,
): FieldDefault<V> => ({ kind: 'derived', explain, compute });

/** The value a default stands for in an environment. */
export function defaultValue<V>(fallback: FieldDefault<V>, context: DefaultContext): V {
  switch (fallback.kind) {
    case 'value':
      return fallback.value;
    case 'tier':
      return fallback.values[context.tier];
    case 'derived':
      return fallback.compute(context);
  }
}
