/** The domain of the platform's own label and annotation keys (`strata.io/environment`, ...). */
const DOMAIN = 'strata.io';

/**
 * The labels that name the platform in what its charts render: `app.kubernetes.io/part-of` on
 * every object (and the prefix of the cluster-wide objects a chart names itself), the domain
 * of the platform's own label keys, and the node label key a NodePool's nodes carry with the
 * pool's name. A team installing the charts under its own name overrides them in the add-ons'
 * values.
 */
export const PLATFORM_LABELS = {
  /** The `app.kubernetes.io/part-of` value of every object the platform creates. */
  partOf: 'strata',
  /** The domain of the platform's label and annotation keys. */
  domain: DOMAIN,
  /** The node label key that carries a node's pool. */
  nodePool: `${DOMAIN}/node-pool`,
} as const;
