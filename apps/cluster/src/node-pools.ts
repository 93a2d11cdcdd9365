import { ClusterSettings, NODE_POOLS } from '@strata/config';
import { NodePoolSpec, SPOT_TAINT } from '@strata/constructs/helm';

/** The environment's `cluster.nodePools` as Karpenter NodePools: `general` on demand, `spot` tainted. */
export function nodePoolSpecs(pools: ClusterSettings['nodePools']): NodePoolSpec[] {
  return NODE_POOLS.map((name) => {
    const pool = pools[name];
    const spot = name === 'spot';
    return {
      name,
      capacityTypes: [spot ? 'spot' : 'on-demand'],
      architectures: pool.architectures,
      instanceCategories: pool.instanceCategories,
      instanceFamilies: pool.instanceFamilies ?? [],
      minInstanceGeneration: pool.minInstanceGeneration,
      taints: spot ? [SPOT_TAINT] : [],
      cpuLimit: pool.cpuLimit,
      memoryLimitGib: pool.memoryLimitGib,
      consolidateAfterMinutes: pool.consolidateAfterMinutes,
      expireAfterDays: pool.expireAfterDays,
      disruptionBudgetPercent: pool.disruptionBudgetPercent,
    };
  });
}
