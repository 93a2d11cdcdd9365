import {
  EdgeSettings,
  EnvironmentTier,
  ObservabilitySettings,
  RoutingPolicy,
  BudgetSettings,
} from './environment';
import { EnvironmentFile } from './schema';

/** How long each tier keeps platform logs: a year of evidence in production. */
const LOG_RETENTION_DAYS: Readonly<Record<EnvironmentTier, number>> = {
  [EnvironmentTier.PRODUCTION]: 365,
  [EnvironmentTier.STAGING]: 90,
  [EnvironmentTier.DEVELOPMENT]: 30,
};

/** Fills the `observability` section from the tier's defaults and the budget contacts. */
export function resolveObservabilitySettings(
  file: EnvironmentFile['observability'],
  tier: EnvironmentTier,
  budget: BudgetSettings,
): ObservabilitySettings {
  const production = tier === EnvironmentTier.PRODUCTION;
  return {
    logRetentionDays: file?.logRetentionDays ?? LOG_RETENTION_DAYS[tier],
    notifications: {
      critical: file?.notifications?.critical ?? budget.alertEmails,
      warning: file?.notifications?.warning ?? budget.alertEmails,
    },
    // A one-minute canary plus 30 s health checks keep detection inside the 90 s failover budget.
    canaryIntervalMinutes: file?.canaryIntervalMinutes ?? (production ? 1 : 5),
    traceSampleRate: file?.traceSampleRate ?? 0.05,
    securityServices: file?.securityServices ?? true,
  };
}

/** Fills the `edge` section from the tier's defaults. */
export function resolveEdgeSettings(
  file: EnvironmentFile['edge'],
  tier: EnvironmentTier,
): EdgeSettings {
  return {
    hostedZoneId: file?.hostedZoneId,
    routing: file?.routing ?? RoutingPolicy.FAILOVER,
    weights: file?.weights,
    healthCheckPath: file?.healthCheckPath ?? '/healthz',
    rateLimitPerFiveMinutes: file?.rateLimitPerFiveMinutes ?? 2000,
    blockedCountries: file?.blockedCountries ?? [],
    shieldAdvanced: file?.shieldAdvanced ?? false,
    priceClass:
      file?.priceClass ??
      (tier === EnvironmentTier.PRODUCTION ? 'PriceClass_All' : 'PriceClass_100'),
  };
}
