/** The seeds' recovery objectives, which the regional failover drill must meet. */
export const RECOVERY_OBJECTIVES = { rtoSeconds: 15 * 60, rpoSeconds: 5 * 60 } as const;

/** CloudWatch namespace of the measured recovery times (the failover runbook publishes there). */
export const RECOVERY_METRIC_NAMESPACE = 'Strata/Recovery';
