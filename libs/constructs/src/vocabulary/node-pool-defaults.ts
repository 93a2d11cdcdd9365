/**
 * What a Karpenter NodePool gets for each field its spec leaves out (`nodePoolSpec`), and the
 * environment files' defaults for the same fields: current-generation general-purpose x86
 * capacity, on demand, no taints, nodes replaced monthly, at most a tenth disrupted at once,
 * and ten minutes of idleness before consolidation.
 */
export const NODE_POOL_DEFAULTS = {
  capacityTypes: ['on-demand'],
  architectures: ['amd64'],
  instanceCategories: ['c', 'm', 'r'],
  instanceFamilies: [],
  /** 6: m6i, c6g and newer. */
  minInstanceGeneration: 6,
  taints: [],
  consolidateAfterMinutes: 10,
  /** No node runs an unpatched image for longer. */
  expireAfterDays: 30,
  disruptionBudgetPercent: 10,
} as const;
