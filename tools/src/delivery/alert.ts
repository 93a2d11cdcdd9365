import { alarmTopicName, EnvironmentConfig } from '@strata/config';
import { partitionOfRegion } from '@strata/constructs';

/** What went wrong in a delivery run; the on-call topic gets one message per run. */
export type DeliveryAlertKind = 'apply-failed' | 'drift' | 'soak-failed' | 'drill-failed';

/**
 * The topic a delivery alert goes to: a failed apply or soak pages (critical; the
 * environment is half-changed), drift and a drill that missed an objective are looked at in
 * working hours (warning). The topics
 * are the observability layer's, in the environment's primary region.
 */
export function alertTopicArn(env: EnvironmentConfig, kind: DeliveryAlertKind): string {
  const region = env.primaryRegion.name;
  const severity = kind === 'drift' || kind === 'drill-failed' ? 'warning' : 'critical';
  return `arn:${partitionOfRegion(region)}:sns:${region}:${env.accountId}:${alarmTopicName(env, region, severity)}`;
}

/** Subject and body of the alert; SNS subjects are at most 100 characters. */
export function alertMessage(
  env: EnvironmentConfig,
  kind: DeliveryAlertKind,
  detail: { readonly stacks: readonly string[]; readonly runUrl: string },
): { subject: string; message: string } {
  const what = {
    'apply-failed': 'apply failed',
    drift: 'drift or a failed drift check',
    'soak-failed': 'alarms fired during the soak; promotion stopped',
    'drill-failed': 'the regional failover drill failed or missed a recovery objective',
  }[kind];
  return {
    subject: `[${env.name}] Strata delivery: ${what}`.slice(0, 100),
    message: [
      `Environment: ${env.name} (account ${env.accountId})`,
      `What: ${what}`,
      `Stacks: ${detail.stacks.length > 0 ? detail.stacks.join(', ') : '(none named)'}`,
      `Run: ${detail.runUrl}`,
    ].join('\n'),
  };
}
