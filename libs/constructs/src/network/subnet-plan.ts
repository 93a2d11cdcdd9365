import { cidrSubnet, formatCidr, mustParseCidr } from '../vocabulary/cidr';

/** Subnet CIDRs per tier, index i in each list belonging to availability zone i. */
export interface SubnetPlan {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly data: readonly string[];
}

/** Supports up to this many AZs; the config allows no more. */
export const MAX_PLANNED_AZS = 6;

/**
 * Deterministic subnet plan: the VPC is cut into eighths. Eighths 0-5 are the private
 * subnets (workloads get most addresses); eighth 6 is cut into eight data subnets and
 * eighth 7 into eight public subnets. For a /16: private /19, data and public /22.
 * The same config always yields the same CIDRs, and adding an AZ never moves a subnet.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_PLANNED_AZS) {
    throw new Error(`azCount must be an integer from 1 to ${MAX_PLANNED_AZS}, got ${azCount}`);
  }
  const vpc = mustParseCidr(vpcCidr);
  const eighth = (index: number) => cidrSubnet(vpc, 3, index);
  const azs = Array.from({ length: azCount }, (_, index) => index);
  return {
    private: azs.map((az) => formatCidr(eighth(az))),
    data: azs.map((az) => formatCidr(cidrSubnet(eighth(6), 3, az))),
    public: azs.map((az) => formatCidr(cidrSubnet(eighth(7), 3, az))),
  };
}
