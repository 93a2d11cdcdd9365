import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';

/** GuardDuty protection plans Strata turns on: S3, EKS (audit logs and runtime), EBS malware, RDS logins. */
export const GUARDDUTY_FEATURES: readonly string[] = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'RUNTIME_MONITORING',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
];

/** What GuardDuty publishes to EventBridge: every finding, new or updated. */
export const GUARDDUTY_FINDING_PATTERN = {
  /** GuardDuty's events. */
  source: ['aws.guardduty'],
  /** Its findings (not its other notices). */
  'detail-type': ['GuardDuty Finding'],
} as const;

/**
 * A GuardDuty detector in `scope`'s region (or `provider`'s) with every plan of
 * GUARDDUTY_FEATURES, publishing findings every 15 minutes. The plans cost nothing where they
 * find nothing to watch, so a region the platform does not use gets the same detector as one it
 * does. Its resources are `scope`'s children `guardduty` and `guardduty-<plan>`, the addresses
 * deployed stacks already hold.
 */
export function enableGuardDuty(scope: Construct, provider?: TerraformProvider): GuarddutyDetector {
  const detector = new GuarddutyDetector(scope, 'guardduty', {
    provider,
    enable: true,
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
  });
  for (const feature of GUARDDUTY_FEATURES) {
    new GuarddutyDetectorFeature(scope, `guardduty-${feature.toLowerCase()}`, {
      provider,
      detectorId: detector.id,
      name: feature,
      status: 'ENABLED',
      // GuardDuty manages its runtime agent as an EKS add-on, so no cluster change is needed.
      additionalConfiguration:
        feature === 'RUNTIME_MONITORING'
          ? [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }]
          : undefined,
    });
  }
  return detector;
}
