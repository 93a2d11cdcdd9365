import type { EnvironmentConfig } from './environment';
import type { LayerName } from './environment-enums';

/** AWS's limits on tags, the same for every taggable resource Strata creates. */
export const AWS_TAG_LIMITS = {
  /** User tags per resource (default tags included). */
  perResource: 50,
  keyLength: 128,
  valueLength: 256,
  /** Letters, digits, spaces and `_ . : / = + - @`. */
  characters: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  /** Reserved for AWS in any letter case. */
  reservedPrefix: /^aws:/i,
} as const;

/**
 * The most tags a Strata construct sets on one resource itself, beside the default tags
 * (a private subnet: `Name`, `Tier`, `kubernetes.io/role/internal-elb`, `karpenter.sh/discovery`).
 * The end-to-end synth check measures this over every synthesized resource.
 */
export const CONSTRUCT_TAGS_MAX = 4;

/**
 * Tags on every resource through the provider's default_tags: who owns it, what it
 * costs whom, and which stack manages it. Environment tags may not use these keys (a rule),
 * so cost allocation cannot be broken by a config typo.
 */
export function standardTags(
  env: Pick<EnvironmentConfig, 'tags' | 'project' | 'name' | 'tier' | 'costCentre'>,
  layer: LayerName,
): Record<string, string> {
  return {
    ...env.tags,
    Project: env.project,
    Environment: env.name,
    Tier: env.tier,
    Layer: layer,
    CostCentre: env.costCentre,
    ManagedBy: 'cdktf',
  };
}
