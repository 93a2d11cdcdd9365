/**
 * The data layer's KMS keys, one per purpose, so revoking or auditing one kind of data never
 * touches another. The data contract lists their ARNs in this order.
 */
export const DATA_KEY_PURPOSES = [
  'database',
  'cache',
  'storage',
  'search',
  'streaming',
  'backup',
  'logs',
] as const;
/** One of `DATA_KEY_PURPOSES`. */
export type DataKeyPurpose = (typeof DATA_KEY_PURPOSES)[number];

/** Which data key encrypts each store a component may be granted (see the data stack). */
export const DATA_STORE_KEYS = {
  /** The queues' key. */
  queues: 'streaming',
  /** The table's key. */
  table: 'storage',
  /** The buckets' key. */
  buckets: 'storage',
} as const satisfies Record<string, DataKeyPurpose>;
