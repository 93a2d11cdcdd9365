/** The seeds' threshold alerts ("CPU > 80 %, error rate > 1 %"), for every alarm and rule on them. */
export const ALERT_THRESHOLDS = {
  /** CPU utilisation, in percent, above which a warning fires. */
  cpuPercent: 80,
  /** Share of failed (5xx) requests above which a warning fires. */
  errorRatio: 0.01,
} as const;
