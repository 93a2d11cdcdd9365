/** The seeds' recovery objectives, which the regional failover drill must meet. */
export const RECOVERY_OBJECTIVES = {
  /** Recovery time objective: service back within 15 minutes. */
  rtoSeconds: 15 * 60,
  /** Recovery point objective: at most 5 minutes of data lost. */
  rpoSeconds: 5 * 60,
} as const;

/** CloudWatch namespace of the measured recovery times (the failover runbook publishes there). */
export const RECOVERY_METRIC_NAMESPACE = 'Strata/Recovery';
