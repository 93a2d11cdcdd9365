/**
 * Session Manager's limits on a person's shell on a node. Idle sessions end after 15 minutes
 * (PCI DSS v4.0.1 requirement 8.2.8: re-authenticate after 15 idle minutes); none outlives the
 * hour an IAM role session lasts.
 */
export const SESSION_LIMITS = {
  /** Minutes without input before Session Manager ends a session. */
  idleMinutes: 15,
  /** Minutes after which any session ends. */
  maxMinutes: 60,
} as const;

/** The log group every shell session of an environment's nodes is streamed to, in each region. */
export function sessionLogGroupName(environment: string): string {
  return `/strata/${environment}/session-manager`;
}

/** The name (after the stack's prefix) of each region's key that encrypts session data end to end. */
export const SESSION_KEY_NAME = 'session-manager';

/**
 * The alias (`alias/...`) of a region's session key, by that region's naming: the data layer
 * creates the key under it, the node roles and the operator find the key by it.
 */
export function sessionKeyAlias(naming: { name(purpose: string): string }): string {
  return `alias/${naming.name(SESSION_KEY_NAME)}`;
}
