import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Ec2TransitGatewayPeeringAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment';
import { Ec2TransitGatewayPeeringAttachmentAccepter } from '@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment-accepter';
import { Ec2TransitGatewayRoute } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route';
import { Ec2TransitGatewayRouteTableAssociation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** One side of a transit gateway peering. */
export interface PeeringSide {
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The AWS provider the resources are created with (their account and region). */
  readonly provider: TerraformProvider;
  /** The transit gateway's ID. */
  readonly transitGatewayId: string;
  /** Its route table's ID. */
  readonly routeTableId: string;
  /** VPC CIDR behind this side's transit gateway. */
  readonly vpcCidr: string;
}

/** Properties of {@link TransitGatewayPeering}. */
export interface TransitGatewayPeeringProps {
  /** The attachment's name. */
  readonly name: string;
  /** @default the stack's account */
  readonly accountId?: string;
  /** The side that requests the peering (the primary region). */
  readonly requester: PeeringSide;
  /** The side that accepts it (the secondary region). */
  readonly accepter: PeeringSide;
}

/**
 * Cross-region transit gateway peering: the requester asks, the accepter accepts, and
 * each side's route table sends the other side's VPC CIDR over the peering.
 */
export class TransitGatewayPeering extends Construct {
  /** The attachment's ID. */
  readonly attachmentId: string;

  constructor(scope: Construct, id: string, props: TransitGatewayPeeringProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const { requester, accepter } = props;
    const attachment = new Ec2TransitGatewayPeeringAttachment(this, 'request', {
      provider: requester.provider,
      transitGatewayId: requester.transitGatewayId,
      peerTransitGatewayId: accepter.transitGatewayId,
      peerRegion: accepter.region,
      peerAccountId: accountId,
      tags: { Name: props.name, Side: 'requester' },
    });
    this.node.defaultChild = attachment;
    const acceptance = new Ec2TransitGatewayPeeringAttachmentAccepter(this, 'accept', {
      provider: accepter.provider,
      transitGatewayAttachmentId: attachment.id,
      tags: { Name: props.name, Side: 'accepter' },
    });
    for (const [side, peer, label] of [
      [requester, accepter, 'requester'],
      [accepter, requester, 'accepter'],
    ] as const) {
      new Ec2TransitGatewayRouteTableAssociation(this, `${label}-association`, {
        provider: side.provider,
        transitGatewayAttachmentId: attachment.id,
        transitGatewayRouteTableId: side.routeTableId,
        dependsOn: [acceptance],
      });
      new Ec2TransitGatewayRoute(this, `${label}-route-to-peer`, {
        provider: side.provider,
        destinationCidrBlock: peer.vpcCidr,
        transitGatewayAttachmentId: attachment.id,
        transitGatewayRouteTableId: side.routeTableId,
        dependsOn: [acceptance],
      });
    }
    this.attachmentId = attachment.id;
  }
}
