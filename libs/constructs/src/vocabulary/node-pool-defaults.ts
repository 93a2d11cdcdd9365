/**
 * What a Karpenter NodePool gets for each field its spec leaves out (`nodePoolSpec`), and the
 * environment files' defaults for the same fields: current-generation general-purpose x86
 * capacity, on demand, no taints, nodes replaced monthly, at most a tenth disrupted at once,
 * and ten minutes of idleness before consolidation.
 */
export const NODE_POOL_DEFAULTS = {
  /** On-demand only: spot is a pool's explicit choice. */
  capacityTypes: ['on-demand'],
  /** x86-64. */
  architectures: ['amd64'],
  /** Compute, general purpose and memory optimised. */
  instanceCategories: ['c', 'm', 'r'],
  /** Any family of the categories. */
  instanceFamilies: [],
  /** 6: m6i, c6g and newer. */
  minInstanceGeneration: 6,
  /** No taints. */
  taints: [],
  /** Ten minutes of idleness before consolidation. */
  consolidateAfterMinutes: 10,
  /** No node runs an unpatched image for longer. */
  expireAfterDays: 30,
  /** At most a tenth of a pool's nodes disrupted at once. */
  disruptionBudgetPercent: 10,
} as const;
