// The release table lives with the constructs that use it, so a team installing only
// @strata/constructs gets the same pins; config validates environments against it.
export { EKS_RELEASES, eksRelease } from '@strata/constructs/vocabulary';
export type { EksRelease } from '@strata/constructs/vocabulary';
