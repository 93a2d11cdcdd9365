import { Construct } from 'constructs';
import { Ec2TransitGateway } from '@cdktf/provider-aws/lib/ec2-transit-gateway';
import { Ec2TransitGatewayRouteTable } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table';
import { Ec2TransitGatewayRouteTableAssociation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association';
import { Ec2TransitGatewayRouteTablePropagation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Route } from '@cdktf/provider-aws/lib/route';

/** Properties of {@link RegionalTransitGateway}. */
export interface RegionalTransitGatewayProps {
  /** The transit gateway's name. */
  readonly name: string;
  /** Private ASN; must differ between peered transit gateways. */
  readonly amazonSideAsn: number;
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** Subnets the VPC attachment uses, one per AZ. */
  readonly attachmentSubnetIds: readonly string[];
  /** VPC route tables that send `remoteCidrs` to the transit gateway. */
  readonly vpcRouteTableIds: readonly string[];
  /** CIDRs reached through the transit gateway (peered regions). @default none */
  readonly remoteCidrs?: readonly string[];
}

/**
 * A regional transit gateway with its own route table (no default association or
 * propagation, so only what is attached here is routed), the VPC attached and
 * propagated, and VPC routes to the remote CIDRs.
 */
export class RegionalTransitGateway extends Construct {
  /** The transit gateway's ID. */
  readonly transitGatewayId: string;
  /** The route table's ID. */
  readonly routeTableId: string;

  constructor(scope: Construct, id: string, props: RegionalTransitGatewayProps) {
    super(scope, id);
    const transitGateway = new Ec2TransitGateway(this, 'tgw', {
      description: `${props.name} regional hub`,
      amazonSideAsn: props.amazonSideAsn,
      autoAcceptSharedAttachments: 'disable',
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      tags: { Name: props.name },
    });
    this.node.defaultChild = transitGateway;
    const routeTable = new Ec2TransitGatewayRouteTable(this, 'route-table', {
      transitGatewayId: transitGateway.id,
      tags: { Name: props.name },
    });
    const attachment = new Ec2TransitGatewayVpcAttachment(this, 'vpc-attachment', {
      transitGatewayId: transitGateway.id,
      vpcId: props.vpcId,
      subnetIds: [...props.attachmentSubnetIds],
      dnsSupport: 'enable',
      transitGatewayDefaultRouteTableAssociation: false,
      transitGatewayDefaultRouteTablePropagation: false,
      tags: { Name: props.name },
    });
    new Ec2TransitGatewayRouteTableAssociation(this, 'vpc-association', {
      transitGatewayAttachmentId: attachment.id,
      transitGatewayRouteTableId: routeTable.id,
    });
    new Ec2TransitGatewayRouteTablePropagation(this, 'vpc-propagation', {
      transitGatewayAttachmentId: attachment.id,
      transitGatewayRouteTableId: routeTable.id,
    });
    (props.remoteCidrs ?? []).forEach((cidr, cidrIndex) =>
      props.vpcRouteTableIds.forEach(
        (routeTableId, tableIndex) =>
          new Route(this, `remote-${cidrIndex}-via-tgw-${tableIndex}`, {
            routeTableId,
            destinationCidrBlock: cidr,
            transitGatewayId: transitGateway.id,
            dependsOn: [attachment],
          }),
      ),
    );
    this.transitGatewayId = transitGateway.id;
    this.routeTableId = routeTable.id;
  }
}
