import { Construct } from 'constructs';

/** A VPC as other constructs use it: defined in this stack (`Vpc`) or imported. */
export interface IVpc {
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 range. */
  readonly vpcCidr: string;
  /** The availability zones, in subnet order. */
  readonly availabilityZones: readonly string[];
  /** The public subnets (load balancers, NAT), one per zone. */
  readonly publicSubnetIds: readonly string[];
  /** The private subnets (workloads, EKS), one per zone. */
  readonly privateSubnetIds: readonly string[];
  /** The isolated data subnets (databases, caches), one per zone. */
  readonly dataSubnetIds: readonly string[];
}

/** What `Vpc.fromVpcAttributes` takes: the VPC's facts, from another stack's outputs or lookups. */
export type VpcAttributes = IVpc;

/** A VPC made elsewhere (another stack or repository), referenced by its attributes. */
export class ImportedVpc extends Construct implements IVpc {
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 range. */
  readonly vpcCidr: string;
  /** The availability zones, in subnet order. */
  readonly availabilityZones: readonly string[];
  /** The public subnets, one per zone. */
  readonly publicSubnetIds: readonly string[];
  /** The private subnets, one per zone. */
  readonly privateSubnetIds: readonly string[];
  /** The data subnets, one per zone. */
  readonly dataSubnetIds: readonly string[];

  constructor(scope: Construct, id: string, attributes: VpcAttributes) {
    super(scope, id);
    this.vpcId = attributes.vpcId;
    this.vpcCidr = attributes.vpcCidr;
    this.availabilityZones = attributes.availabilityZones;
    this.publicSubnetIds = attributes.publicSubnetIds;
    this.privateSubnetIds = attributes.privateSubnetIds;
    this.dataSubnetIds = attributes.dataSubnetIds;
  }
}
