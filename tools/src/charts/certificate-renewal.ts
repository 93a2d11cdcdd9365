import { LEAF_CERTIFICATE_LIFETIME } from '@strata/constructs/vocabulary';
import { Manifest } from './crd-schemas';
import { ReleaseObjects } from './workload-rules';

/** cert-manager's defaults: 90 days, renewed when a third of the lifetime is left. */
const DEFAULT_DURATION_HOURS = 90 * 24;
const DEFAULT_RENEW_SHARE = 1 / 3;
const UNIT_HOURS: Readonly<Record<string, number>> = { h: 1, m: 1 / 60, s: 1 / 3600 };
const EXPIRY_METRIC = 'certmanager_certificate_expiration_timestamp_seconds';

/** Hours of a Go duration as cert-manager takes it (`720h`, `1h30m`); undefined when unreadable. */
export function durationHours(duration: string): number | undefined {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)([hms])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) return undefined;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_HOURS[unit], 0);
}

function certificateProblems(certificate: Manifest, renewBeforeDays: number): string[] {
  const spec = (certificate.spec ?? {}) as { duration?: string; renewBefore?: string };
  const name = `Certificate ${certificate.metadata?.namespace}/${certificate.metadata?.name}`;
  const duration = spec.duration ? durationHours(spec.duration) : DEFAULT_DURATION_HOURS;
  const renewBefore = spec.renewBefore
    ? durationHours(spec.renewBefore)
    : duration === undefined
      ? undefined
      : duration * DEFAULT_RENEW_SHARE;
  if (duration === undefined || renewBefore === undefined)
    return [`${name}: duration ${spec.duration} or renewBefore ${spec.renewBefore} is unreadable`];
  if (renewBefore >= duration)
    return [`${name}: renewBefore ${renewBefore} h is not shorter than its ${duration} h validity`];
  if (renewBefore < renewBeforeDays * 24)
    return [
      `${name} is renewed ${renewBefore / 24} days before it expires; the platform renews ${renewBeforeDays} days before`,
    ];
  return [];
}

/** The day thresholds of expiry alerts (`<metric> - time() < N * 24 * 3600`) in a PrometheusRule. */
function expiryAlertDays(rule: Manifest): Array<{ alert: string; days: number }> {
  const groups = (
    (rule.spec ?? {}) as { groups?: Array<{ rules?: Array<Record<string, string>> }> }
  ).groups;
  return (groups ?? []).flatMap((group) =>
    (group.rules ?? []).flatMap((entry) => {
      const expr = String(entry.expr ?? '');
      const days = new RegExp(
        `${EXPIRY_METRIC}\\s*-\\s*time\\(\\)\\)?\\s*<\\s*(\\d+)\\s*\\*\\s*24\\s*\\*\\s*3600`,
      ).exec(expr);
      return entry.alert && days ? [{ alert: entry.alert, days: Number(days[1]) }] : [];
    }),
  );
}

/**
 * Certificates renewed later than the platform's window (or not before they expire), and
 * expiry alerts that would fire while a certificate is still inside that window, when its
 * renewal is simply due: by release.
 */
export function certificateRenewalProblems(
  releases: readonly ReleaseObjects[],
  renewBeforeDays: number = LEAF_CERTIFICATE_LIFETIME.renewBeforeDays,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  for (const { release, objects } of releases) {
    const found = objects.flatMap((object) => {
      if (object.kind === 'Certificate' && object.apiVersion?.startsWith('cert-manager.io/'))
        return certificateProblems(object, renewBeforeDays);
      if (object.kind === 'PrometheusRule')
        return expiryAlertDays(object)
          .filter(({ days }) => days >= renewBeforeDays)
          .map(
            ({ alert, days }) =>
              `alert ${alert} fires ${days} days before expiry, while renewal (${renewBeforeDays} days before) is simply due`,
          );
      return [];
    });
    if (found.length > 0) problems.set(release, found);
  }
  return problems;
}
