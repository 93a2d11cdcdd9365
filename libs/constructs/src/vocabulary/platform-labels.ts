/**
 * The labels that name the platform in what its charts render: `app.kubernetes.io/part-of` on
 * every object, and the node label key a NodePool's nodes carry with the pool's name. A team
 * installing the charts under its own name overrides them in the add-on's values.
 */
export const PLATFORM_LABELS = {
  /** The `app.kubernetes.io/part-of` value of every object the platform creates. */
  partOf: 'strata',
  /** The node label key that carries a node's pool. */
  nodePool: 'strata.io/node-pool',
} as const;
