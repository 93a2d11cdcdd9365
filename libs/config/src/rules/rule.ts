import type { EnvironmentConfig, RegionConfig } from '../environment';

/** A rule's finding before the loader adds file and line. */
export interface RuleFinding {
  /** Dotted path of the offending field. */
  readonly field: string;
  /** The rule's id. */
  readonly rule: string;
  /** What is wrong and what would be right. */
  readonly message: string;
}

/** A check of one environment that its schema cannot express (it spans fields or facts). */
export type Rule = (env: EnvironmentConfig) => RuleFinding[];

/** Production spreads over at least this many AZs, system nodes and DAX nodes. */
export const PRODUCTION_MIN_AZS = 3;

/** Each region of the environment with the field it is written under. */
export function regionFields(env: EnvironmentConfig): Array<[string, RegionConfig]> {
  const fields: Array<[string, RegionConfig]> = [['regions.primary', env.primaryRegion]];
  if (env.secondaryRegion) fields.push(['regions.secondary', env.secondaryRegion]);
  return fields;
}
