import type { EnvironmentConfig, LayerName } from '@strata/config';

/**
 * Tags on every resource through the provider's default_tags: who owns it, what it
 * costs whom, and which stack manages it. Environment tags may add keys but not
 * override these, so cost allocation cannot be broken by a config typo.
 */
export function standardTags(env: EnvironmentConfig, layer: LayerName): Record<string, string> {
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
