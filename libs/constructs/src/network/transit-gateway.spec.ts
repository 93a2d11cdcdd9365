import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { onlyResource, resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { RegionalTransitGateway } from './transit-gateway';
import { TransitGatewayPeering } from './transit-gateway-peering';

describe('RegionalTransitGateway', () => {
  const stack = testStack();
  new RegionalTransitGateway(stack, 'tgw', {
    name: 'strata-prod-use1-tgw',
    amazonSideAsn: 64512,
    vpcId: 'vpc-1',
    attachmentSubnetIds: ['subnet-a', 'subnet-b'],
    vpcRouteTableIds: ['rtb-private', 'rtb-data'],
    remoteCidrs: ['10.1.0.0/16'],
  });
  const json = synthesizeStack(stack);

  it('routes only what is explicitly associated: no default route table behaviour', () => {
    expect(onlyResource(json, 'aws_ec2_transit_gateway')).toMatchObject({
      amazon_side_asn: 64512,
      auto_accept_shared_attachments: 'disable',
      default_route_table_association: 'disable',
      default_route_table_propagation: 'disable',
    });
    expect(onlyResource(json, 'aws_ec2_transit_gateway_vpc_attachment')).toMatchObject({
      subnet_ids: ['subnet-a', 'subnet-b'],
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
    expect(
      Object.keys(resourcesOfType(json, 'aws_ec2_transit_gateway_route_table_association')),
    ).toHaveLength(1);
    expect(
      Object.keys(resourcesOfType(json, 'aws_ec2_transit_gateway_route_table_propagation')),
    ).toHaveLength(1);
  });

  it('sends the remote CIDRs from every given VPC route table to the transit gateway', () => {
    const routes = Object.values(resourcesOfType(json, 'aws_route'));
    expect(routes.map((route) => [route.route_table_id, route.destination_cidr_block])).toEqual([
      ['rtb-private', '10.1.0.0/16'],
      ['rtb-data', '10.1.0.0/16'],
    ]);
    expect(
      routes.every((route) =>
        String(route.transit_gateway_id).includes('aws_ec2_transit_gateway.'),
      ),
    ).toBe(true);
  });
});

describe('TransitGatewayPeering', () => {
  const stack = new TerraformStack(Testing.app(), 'peering');
  const primary = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const secondary = new AwsProvider(stack, 'aws-usw2', { region: 'us-west-2', alias: 'usw2' });
  new TransitGatewayPeering(stack, 'peering', {
    name: 'strata-prod-use1-tgw-peering',
    accountId: '333333333333',
    requester: {
      region: 'us-east-1',
      provider: primary,
      transitGatewayId: 'tgw-east',
      routeTableId: 'tgw-rtb-east',
      vpcCidr: '10.0.0.0/16',
    },
    accepter: {
      region: 'us-west-2',
      provider: secondary,
      transitGatewayId: 'tgw-west',
      routeTableId: 'tgw-rtb-west',
      vpcCidr: '10.1.0.0/16',
    },
  });
  const json = synthesizeStack(stack);

  it('is requested from the primary region and accepted in the secondary one', () => {
    const request = onlyResource(json, 'aws_ec2_transit_gateway_peering_attachment');
    expect(request).toMatchObject({
      transit_gateway_id: 'tgw-east',
      peer_transit_gateway_id: 'tgw-west',
      peer_region: 'us-west-2',
      peer_account_id: '333333333333',
    });
    expect(request.provider).toBe('aws');
    expect(onlyResource(json, 'aws_ec2_transit_gateway_peering_attachment_accepter').provider).toBe(
      'aws.usw2',
    );
  });

  it('routes each side’s VPC CIDR to the other over the peering, after acceptance', () => {
    const routes = Object.values(resourcesOfType(json, 'aws_ec2_transit_gateway_route'));
    expect(
      routes.map((route) => [
        route.transit_gateway_route_table_id,
        route.destination_cidr_block,
        route.provider,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['tgw-rtb-east', '10.1.0.0/16', 'aws'],
        ['tgw-rtb-west', '10.0.0.0/16', 'aws.usw2'],
      ]),
    );
    expect(
      routes.every((route) =>
        (route.depends_on as string[])[0].includes('peering_attachment_accepter'),
      ),
    ).toBe(true);
  });
});
