import { partitionOfRegion } from '@strata/constructs/vocabulary';
import { isKnownRegion, unknownRegionMessage } from '../aws-regions';
import { isProduction } from '../environment';
import { Rule, RuleFinding } from './rule';

/** The seeds' cold tier: production keeps its log archive at least a year. */
export const PRODUCTION_LOG_ARCHIVE_DAYS = 365;

/**
 * The component log tiers follow each other: a line is archived before CloudWatch drops it,
 * stays warm at least as long as it was hot, and S3 refuses an expiration at or before the
 * Glacier transition.
 */
export const componentLogTiers: Rule = (env) => {
  const { hotDays, warmDays, coldDays } = env.observability.componentLogs;
  const field = 'observability.componentLogs';
  const findings: RuleFinding[] = [];
  if (warmDays < hotDays) {
    findings.push({
      field: `${field}.warmDays`,
      rule: 'log-tiers',
      message: `is ${warmDays}, shorter than hotDays (${hotDays}): the warm tier keeps a line at least as long as the hot one`,
    });
  }
  if (coldDays <= warmDays) {
    findings.push({
      field: `${field}.coldDays`,
      rule: 'log-tiers',
      message: `is ${coldDays}; it must be more than warmDays (${warmDays}): S3 refuses an expiration at or before the Glacier transition`,
    });
  }
  if (isProduction(env) && coldDays < PRODUCTION_LOG_ARCHIVE_DAYS) {
    findings.push({
      field: `${field}.coldDays`,
      rule: 'production-log-archive',
      message: `is ${coldDays}; production keeps component logs at least ${PRODUCTION_LOG_ARCHIVE_DAYS} days (the cold tier)`,
    });
  }
  return findings;
};

/**
 * GuardDuty's extra regions are regions AWS has, in the environment's partition (a detector in
 * another partition needs other credentials), each named once.
 */
export const guardDutyRegions: Rule = (env) => {
  const partition = partitionOfRegion(env.primaryRegion.name);
  return env.observability.guardDutyRegions.flatMap((region, index): RuleFinding[] => {
    const field = `observability.guardDutyRegions[${index}]`;
    if (!isKnownRegion(region)) {
      return [
        {
          field,
          rule: 'known-region',
          message: unknownRegionMessage(region),
        },
      ];
    }
    if (partitionOfRegion(region) !== partition) {
      return [
        {
          field,
          rule: 'guard-duty-partition',
          message: `"${region}" is in the ${partitionOfRegion(region)} partition and the primary region in ${partition}; one set of credentials cannot reach both`,
        },
      ];
    }
    if (env.observability.guardDutyRegions.indexOf(region) !== index) {
      return [{ field, rule: 'distinct-regions', message: `"${region}" is listed twice` }];
    }
    return [];
  });
};
