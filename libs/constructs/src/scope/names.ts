/**
 * The prefix of the CloudWatch log groups the constructs create (`/strata/vpc/...`); every
 * construct that names a log group takes `logGroupPrefix` to change it.
 */
export const DEFAULT_LOG_GROUP_PREFIX = '/strata';
