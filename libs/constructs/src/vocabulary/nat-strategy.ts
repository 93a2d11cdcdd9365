/** How private subnets reach the internet. */
export enum NatStrategy {
  /** One NAT gateway per availability zone: an AZ outage does not cut egress elsewhere. */
  PER_AZ = 'per-az',
  /** One NAT gateway for the whole VPC: cheaper, for non-production. */
  SINGLE = 'single',
  /** No NAT: private subnets reach AWS only through VPC endpoints. */
  NONE = 'none',
}
