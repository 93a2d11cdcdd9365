import unhomoglyph from 'unhomoglyph';
import type { EnvironmentConfig } from './environment';
import type { LayerName } from './environment-enums';

/** AWS's limits on tags, the same for every taggable resource Strata creates. */
export const AWS_TAG_LIMITS = {
  /** User tags per resource (default tags included). */
  perResource: 50,
  /** Characters of a tag key. */
  keyLength: 128,
  /** Characters of a tag value. */
  valueLength: 256,
  /** Letters, digits, spaces and `_ . : / = + - @`. */
  characters: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  /** Reserved for AWS in any letter case. */
  reservedPrefix: /^aws:/i,
} as const;

/**
 * Tag key prefixes the services the platform runs read or write for themselves: EKS
 * (`eks:`), Kubernetes cloud integration (`kubernetes.io/`, `k8s.io/`), Karpenter's discovery
 * and ownership tags, and the AWS Load Balancer Controller's. A user tag under one would be
 * taken for theirs (a subnet or security group picked up by discovery, a resource adopted or
 * deleted as theirs), so environment tags may not use them, in any letter case.
 */
export const SERVICE_TAG_PREFIXES: readonly string[] = [
  'eks:',
  'kubernetes.io/',
  'k8s.io/',
  'karpenter.sh/',
  'karpenter.k8s.aws/',
  'elbv2.k8s.aws/',
  'ingress.k8s.aws/',
  'service.k8s.aws/',
];

/**
 * The form of a tag key that look-alikes share: Unicode compatibility forms folded (NFKC),
 * confusable characters replaced by their base characters (Unicode's confusables table, via
 * unhomoglyph) and letter case ignored. `Environment`, `environment` and `Εnvironment`
 * (Greek capital epsilon) have the same skeleton.
 */
export function tagKeySkeleton(key: string): string {
  // Upper case first (a Greek capital epsilon is confusable with E, its small form is not
  // with e), then again in lower case, where `rn` and `m` meet.
  const once = unhomoglyph(key.normalize('NFKC').toUpperCase()).toLowerCase();
  return unhomoglyph(once).toLowerCase();
}

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
