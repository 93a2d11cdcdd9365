import { cidrSubnet, formatCidr, mustParseCidr, parseCidr } from '../vocabulary/cidr';

/** Subnet CIDRs per tier, index i in each list belonging to availability zone i. */
export interface SubnetPlan {
  /** The public subnets' ranges, one per zone. */
  readonly public: readonly string[];
  /** The private subnets' ranges. */
  readonly private: readonly string[];
  /** The data subnets' ranges. */
  readonly data: readonly string[];
}

/** Supports up to this many AZs; the config allows no more. */
export const MAX_PLANNED_AZS = 6;

/** AWS's bounds on a VPC's or a subnet's IPv4 block: /16 at the largest, /28 at the smallest. */
export const AWS_BLOCK_PREFIX = {
  /** The largest block, /16. */
  largest: 16,
  /** The smallest block, /28. */
  smallest: 28,
} as const;

/** Bits of one cut into eighths; the data and public subnets are cut twice. */
const EIGHTH_BITS = 3;

/** Why a VPC CIDR cannot carry the plan (AWS would refuse the VPC or a subnet), or undefined. */
export function subnetPlanCidrRule(vpcCidr: string): string | undefined {
  const parsed = parseCidr(vpcCidr);
  if (typeof parsed === 'string') return `a VPC CIDR ${parsed}`;
  if (parsed.prefixLength < AWS_BLOCK_PREFIX.largest)
    return `a VPC block is /${AWS_BLOCK_PREFIX.largest} at the largest`;
  const smallest = parsed.prefixLength + 2 * EIGHTH_BITS;
  if (smallest > AWS_BLOCK_PREFIX.smallest)
    return `the plan cuts the data and public subnets to /${smallest} (an eighth of an eighth) and AWS's smallest subnet is /${AWS_BLOCK_PREFIX.smallest}, so the VPC is /${AWS_BLOCK_PREFIX.smallest - 2 * EIGHTH_BITS} at the smallest`;
  return undefined;
}

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
  const eighth = (index: number) => cidrSubnet(vpc, EIGHTH_BITS, index);
  const azs = Array.from({ length: azCount }, (_, index) => index);
  return {
    private: azs.map((az) => formatCidr(eighth(az))),
    data: azs.map((az) => formatCidr(cidrSubnet(eighth(6), EIGHTH_BITS, az))),
    public: azs.map((az) => formatCidr(cidrSubnet(eighth(7), EIGHTH_BITS, az))),
  };
}
