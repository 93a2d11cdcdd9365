import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import {
  NetworkAcl,
  NetworkAclEgress,
  NetworkAclIngress,
} from '@cdktf/provider-aws/lib/network-acl';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc as VpcResource } from '@cdktf/provider-aws/lib/vpc';
import { NatStrategy } from '../vocabulary/nat-strategy';
import { VpcFlowLog } from './flow-log';
import { MAX_PLANNED_AZS, planSubnets, SubnetPlan, subnetPlanCidrRule } from './subnet-plan';
import { PropError } from '../validation/prop-error';
import { VpcEndpoints } from './vpc-endpoints';
import { ImportedVpc, IVpc, VpcAttributes } from './vpc-reference';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { DEFAULT_LOG_GROUP_PREFIX } from '../scope/names';

/** The three tiers of subnets every VPC has, one subnet of each per availability zone. */
export enum SubnetTier {
  /** Load balancers and NAT gateways; default route to the internet gateway. */
  PUBLIC = 'public',
  /** Workloads; egress through NAT, never reachable from the internet. */
  PRIVATE = 'private',
  /** Databases and caches; no route out of the VPC, NACL-fenced to the VPC and its peers. */
  DATA = 'data',
}

/** Properties of {@link Vpc}. */
export interface VpcProps {
  /** Name prefix, e.g. `strata-prod-use1`. */
  readonly name: string;
  /** The VPC's IPv4 range (at least a /20, so every subnet fits). */
  readonly cidr: string;
  /** Availability zones used (2 or 3). */
  readonly azCount: number;
  /** NAT gateways: one per zone, one for the VPC, or none. */
  readonly natStrategy: NatStrategy;
  /** @default the stack's region */
  readonly region?: string;
  /** @default the stack's account */
  readonly accountId?: string;
  /** KMS key for the flow log group; its policy must allow CloudWatch Logs. */
  readonly flowLogKmsKey: IKmsKey;
  /** @default 30 */
  readonly flowLogRetentionDays?: number;
  /** @default true */
  readonly interfaceEndpoints?: boolean;
  /** CIDRs of peered VPCs, allowed into the data tier beside this VPC. @default none */
  readonly peerCidrs?: readonly string[];
  /**
   * The availability zones by zone ID (`use1-az1`, the same physical zone in every account),
   * one per AZ in subnet order. Pinning them keeps the subnets where they are when AWS adds a
   * zone or one stops being offered.
   * @default the first `azCount` zones the region offers (unpinned)
   */
  readonly availabilityZoneIds?: readonly string[];
  /** Prefix of the flow log group, `<prefix>/vpc/<name>/flow-logs`. @default DEFAULT_LOG_GROUP_PREFIX */
  readonly logGroupPrefix?: string;
  /**
   * Extra tags of the private subnets, e.g. Karpenter's discovery tag for the cluster that
   * launches nodes there. @default none
   */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
}

/**
 * A three-tier VPC in the style of terraform-aws-modules/vpc, with Strata's defaults:
 * deterministic CIDRs, NAT per config, a locked-down default security group, a NACL
 * around the data tier, flow logs, and gateway plus interface endpoints.
 */
export class Vpc extends Construct implements IVpc {
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 range. */
  readonly vpcCidr: string;
  /** The subnet ranges, computed from the VPC's range. */
  readonly plan: SubnetPlan;
  /** The availability zones, in subnet order. */
  readonly availabilityZones: string[];
  /** The public subnets, one per zone. */
  readonly publicSubnetIds: string[];
  /** The private subnets, one per zone. */
  readonly privateSubnetIds: string[];
  /** CIDRs of the private (workload) subnets, where EKS nodes and pods get their addresses. */
  readonly privateSubnetCidrs: string[];
  /** The data subnets, one per zone. */
  readonly dataSubnetIds: string[];
  /** The private route tables (one per zone). */
  readonly privateRouteTableIds: string[];
  /** The data route tables (one per zone). */
  readonly dataRouteTableIds: string[];
  /** The endpoint security group's ID. */
  readonly endpointSecurityGroupId: string;
  /** The flow log group's name. */
  readonly flowLogGroupName: string;
  /** NAT gateways created. */
  readonly natGatewayCount: number;

  /** A VPC defined elsewhere (another stack's outputs), for constructs that take an `IVpc`. */
  static fromVpcAttributes(scope: Construct, id: string, attributes: VpcAttributes): IVpc {
    return new ImportedVpc(scope, id, attributes);
  }

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const region = props.region ?? environment.region;
    const cidrRule = subnetPlanCidrRule(props.cidr);
    if (cidrRule) throw new PropError(this, 'cidr', props.cidr, cidrRule);
    if (!Number.isInteger(props.azCount) || props.azCount < 1 || props.azCount > MAX_PLANNED_AZS)
      throw new PropError(
        this,
        'azCount',
        props.azCount,
        `an integer from 1 to ${MAX_PLANNED_AZS}`,
      );
    this.plan = planSubnets(props.cidr, props.azCount);
    const zoneIds = props.availabilityZoneIds;
    if (zoneIds && zoneIds.length !== props.azCount) {
      throw new PropError(
        this,
        'availabilityZoneIds',
        zoneIds,
        `${zoneIds.length} zones for azCount ${props.azCount}: one zone per AZ`,
      );
    }
    const azs = new DataAwsAvailabilityZones(this, 'azs', {
      state: 'available',
      filter: zoneIds
        ? [{ name: 'zone-id', values: [...zoneIds] }]
        : [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    // Names follow the pinned IDs (a name maps to a different zone in each account).
    this.availabilityZones = this.plan.private.map((_, index) =>
      zoneIds
        ? Fn.element(azs.names, Token.asNumber(Fn.index(azs.zoneIds, zoneIds[index])))
        : Fn.element(azs.names, index),
    );

    const vpc = new VpcResource(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });

    this.node.defaultChild = vpc;
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;

    // Taking over the default security group with no rules means nothing can use it by accident.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-default-deny` },
    });

    const subnets = (
      tier: SubnetTier,
      cidrs: readonly string[],
      extraTags: Record<string, string>,
    ) =>
      cidrs.map(
        (cidr, index) =>
          new Subnet(this, `${tier}-${index}`, {
            vpcId: vpc.id,
            cidrBlock: cidr,
            ...(zoneIds
              ? { availabilityZoneId: zoneIds[index] }
              : { availabilityZone: this.availabilityZones[index] }),
            mapPublicIpOnLaunch: false,
            tags: { Name: `${props.name}-${tier}-${index}`, Tier: tier, ...extraTags },
          }),
      );
    const publicSubnets = subnets(SubnetTier.PUBLIC, this.plan.public, {
      'kubernetes.io/role/elb': '1',
    });
    const privateSubnets = subnets(SubnetTier.PRIVATE, this.plan.private, {
      'kubernetes.io/role/internal-elb': '1',
      ...props.privateSubnetTags,
    });
    const dataSubnets = subnets(SubnetTier.DATA, this.plan.data, {});
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.privateSubnetCidrs = [...this.plan.private];
    this.dataSubnetIds = dataSubnets.map((subnet) => subnet.id);

    const internetGateway = new InternetGateway(this, 'igw', {
      vpcId: vpc.id,
      tags: { Name: props.name },
    });
    const publicRouteTable = new RouteTable(this, 'public-routes', {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    publicSubnets.forEach(
      (subnet, index) =>
        new RouteTableAssociation(this, `public-${index}-routes`, {
          subnetId: subnet.id,
          routeTableId: publicRouteTable.id,
        }),
    );

    const natGateways = this.natGateways(props, publicSubnets, internetGateway);
    this.natGatewayCount = natGateways.length;
    const privateRouteTables = privateSubnets.map((subnet, index) => {
      const table = new RouteTable(this, `private-${index}-routes`, {
        vpcId: vpc.id,
        tags: { Name: `${props.name}-private-${index}` },
      });
      new RouteTableAssociation(this, `private-${index}-association`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
      if (natGateways.length > 0) {
        new Route(this, `private-${index}-default-route`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateways[Math.min(index, natGateways.length - 1)].id,
        });
      }
      return table;
    });
    this.privateRouteTableIds = privateRouteTables.map((table) => table.id);

    const dataRouteTable = new RouteTable(this, 'data-routes', {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-data` },
    });
    dataSubnets.forEach(
      (subnet, index) =>
        new RouteTableAssociation(this, `data-${index}-routes`, {
          subnetId: subnet.id,
          routeTableId: dataRouteTable.id,
        }),
    );
    this.dataRouteTableIds = [dataRouteTable.id];
    this.dataTierAcl(props, vpc.id);

    const flowLog = new VpcFlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      logGroupName: `${props.logGroupPrefix ?? DEFAULT_LOG_GROUP_PREFIX}/vpc/${props.name}/flow-logs`,
      roleName: `${props.name}-vpc-flow-logs`,
      kmsKey: props.flowLogKmsKey,
      accountId: accountId,
      retentionInDays: props.flowLogRetentionDays,
    });
    this.flowLogGroupName = flowLog.logGroupName;

    const endpoints = new VpcEndpoints(this, 'endpoints', {
      vpcId: vpc.id,
      vpcCidr: props.cidr,
      region: region,
      routeTableIds: this.privateRouteTableIds,
      subnetIds: this.privateSubnetIds,
      securityGroupName: `${props.name}-endpoints`,
      interfaceEndpoints: props.interfaceEndpoints,
    });
    this.endpointSecurityGroupId = endpoints.securityGroupId;
  }

  private natGateways(
    props: VpcProps,
    publicSubnets: Subnet[],
    internetGateway: InternetGateway,
  ): NatGateway[] {
    const count =
      props.natStrategy === NatStrategy.PER_AZ
        ? publicSubnets.length
        : props.natStrategy === NatStrategy.SINGLE
          ? 1
          : 0;
    return publicSubnets.slice(0, count).map((subnet, index) => {
      const eip = new Eip(this, `nat-${index}-eip`, {
        domain: 'vpc',
        tags: { Name: `${props.name}-nat-${index}` },
      });
      return new NatGateway(this, `nat-${index}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: { Name: `${props.name}-nat-${index}` },
        dependsOn: [internetGateway],
      });
    });
  }

  /** Data subnets talk only to this VPC and its peers; everything else is denied. */
  private dataTierAcl(props: VpcProps, vpcId: string): void {
    const allowed = [props.cidr, ...(props.peerCidrs ?? [])];
    const rules = (): Array<NetworkAclIngress & NetworkAclEgress> =>
      allowed.map((cidr, index) => ({
        ruleNo: 100 + index * 10,
        action: 'allow',
        protocol: '-1',
        cidrBlock: cidr,
        fromPort: 0,
        toPort: 0,
      }));
    new NetworkAcl(this, 'data-acl', {
      vpcId,
      subnetIds: this.dataSubnetIds,
      ingress: rules(),
      egress: rules(),
      tags: { Name: `${props.name}-data` },
    });
  }
}
