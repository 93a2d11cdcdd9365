/**
 * The in-cluster TLS certificates cert-manager issues from the platform CA: valid 90 days and
 * renewed 30 days before they expire, the seeds' renewal window. Alerts on an expiring
 * certificate start below the renewal window, so a normal renewal never fires one.
 */
export const LEAF_CERTIFICATE_LIFETIME = {
  /** How long a certificate is valid. */
  validDays: 90,
  /** How long before it expires cert-manager renews it (the seeds: 30 days). */
  renewBeforeDays: 30,
  /** Below this many days left (the renewal is 15 days overdue), a warning. */
  warningDays: 15,
  /** Below this many days left, critical. */
  criticalDays: 7,
} as const;

/** A lifetime as cert-manager's Certificate spells it (Go durations in hours). */
export interface CertificateDurations {
  /** `spec.duration`, e.g. `2160h`. */
  readonly duration: string;
  /** `spec.renewBefore`, e.g. `720h`. */
  readonly renewBefore: string;
}

/** The leaf lifetime as the charts take it. */
export function leafCertificateDurations(): CertificateDurations {
  const hours = (days: number) => `${days * 24}h`;
  return {
    duration: hours(LEAF_CERTIFICATE_LIFETIME.validDays),
    renewBefore: hours(LEAF_CERTIFICATE_LIFETIME.renewBeforeDays),
  };
}
