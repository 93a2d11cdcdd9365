import { LEAF_CERTIFICATE_LIFETIME } from '@strata/constructs/vocabulary';
import { Manifest } from './crd-schemas';
import { certificateRenewalProblems, durationHours } from './certificate-renewal';

const certificate = (spec: Record<string, string>): Manifest => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'api-tls', namespace: 'apps' },
  spec: { secretName: 'api-tls', ...spec },
});
const expiryRule = (days: number): Manifest => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'certs', namespace: 'monitoring' },
  spec: {
    groups: [
      {
        name: 'certs',
        rules: [
          {
            alert: 'Expiring',
            expr: `(certmanager_certificate_expiration_timestamp_seconds - time()) < ${days} * 24 * 3600`,
          },
        ],
      },
    ],
  },
});
const problems = (...objects: Manifest[]) =>
  certificateRenewalProblems([{ release: 'r', objects }]).get('r');

describe('certificate renewal against the seeds’ 30-day window', () => {
  it('reads Go durations as cert-manager does, and refuses what it cannot read', () => {
    expect(durationHours('720h')).toBe(720);
    expect(durationHours('1h30m')).toBe(1.5);
    expect(durationHours('30d')).toBeUndefined();
  });

  it('fails a certificate renewed 15 days ahead, passes 30', () => {
    expect(problems(certificate({ duration: '2160h', renewBefore: '360h' }))).toEqual([
      'Certificate apps/api-tls is renewed 15 days before it expires; the platform renews 30 days before',
    ]);
    expect(problems(certificate({ duration: '2160h', renewBefore: '720h' }))).toBeUndefined();
  });

  it("takes cert-manager's defaults (90 days, renewed with a third left) when unset", () => {
    expect(problems(certificate({}))).toBeUndefined();
    expect(problems(certificate({ duration: '720h' }))).toEqual([
      expect.stringContaining('is renewed 10 days before'),
    ]);
    expect(problems(certificate({ duration: '720h', renewBefore: '720h' }))).toEqual([
      expect.stringContaining('is not shorter than its 720 h validity'),
    ]);
  });

  it('fails an expiry alert that a certificate inside its renewal window sets off', () => {
    expect(problems(expiryRule(30))).toEqual([
      'alert Expiring fires 30 days before expiry, while renewal (30 days before) is simply due',
    ]);
    expect(problems(expiryRule(LEAF_CERTIFICATE_LIFETIME.warningDays))).toBeUndefined();
  });
});
