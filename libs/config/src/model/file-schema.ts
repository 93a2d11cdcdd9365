import { z } from 'zod';
import { EnvironmentTier } from '../environment-enums';
import { DefaultContext, defaultValue, FIELD_META } from './field';
import { environmentSchema } from './schema';

/**
 * The file format, derived from the model: the same fields and checks, but a field may be
 * left out when it has a default or is optional. An object may be left out when none of its
 * fields is required.
 */
function fileFormOf(schema: z.core.$ZodType): { schema: z.core.$ZodType; required: boolean } {
  const meta = FIELD_META.get(schema);
  if (schema instanceof z.ZodOptional) {
    return { schema: z.optional(fileFormOf(schema.unwrap()).schema), required: false };
  }
  if (schema instanceof z.ZodObject && !meta?.default) {
    const fields = Object.entries(schema.shape).map(
      ([key, field]) => [key, fileFormOf(field)] as const,
    );
    return {
      schema: z.strictObject(
        Object.fromEntries(
          fields.map(([key, form]) => [key, form.required ? form.schema : z.optional(form.schema)]),
        ),
      ),
      required: fields.some(([, form]) => form.required),
    };
  }
  return { schema, required: meta?.default === undefined };
}

/** What an environment file must look like before defaults are filled. */
export const environmentFileSchema = fileFormOf(environmentSchema).schema;

/** The fields of a shape-checked file that other defaults follow. */
const contextSchema = z.object({
  tier: z.enum(EnvironmentTier),
  regions: z.object({ primary: z.object({ name: z.string() }), secondary: z.unknown().optional() }),
  network: z.object({ azCount: z.number() }),
  budget: z.object({ alertEmails: z.array(z.string()) }),
});

export function defaultContextOf(file: unknown): DefaultContext {
  const facts = contextSchema.parse(file);
  return {
    tier: facts.tier,
    primaryRegion: facts.regions.primary.name,
    hasSecondaryRegion: facts.regions.secondary !== undefined,
    azCount: facts.network.azCount,
    budgetEmails: facts.budget.alertEmails,
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The file's value with every left-out default filled in: an object given (or required) is
 * filled field by field; a left-out field takes its default; optional fields stay absent.
 */
export function withDefaults(
  schema: z.core.$ZodType,
  value: unknown,
  context: DefaultContext,
): unknown {
  const meta = FIELD_META.get(schema);
  if (value === undefined && meta?.default) {
    const fallback = defaultValue(meta.default, context);
    return fallback === undefined ? undefined : withDefaults(schema, fallback, context);
  }
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject)) return value;
  if (value === undefined && schema instanceof z.ZodOptional) return undefined;
  const given = value ?? {};
  if (!isMapping(given)) return given;
  const filled: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(inner.shape)) {
    const fieldValue = withDefaults(field, given[key], context);
    if (fieldValue !== undefined) filled[key] = fieldValue;
  }
  return filled;
}
