import { Construct } from 'constructs';
import { EnvironmentConfig } from '@strata/config';
import { LayerStack, NETWORK_CONTRACT, readLayerContract } from '@strata/core';
import { TransitGatewayPeering } from '@strata/constructs';

export interface NetworkPeeringStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Cross-region transit gateway peering of one environment. A stack of its own because
 * the request (primary region) and the acceptance (secondary region) need both
 * regional networks to exist; either regional stack owning it would make them
 * depend on each other.
 */
export class NetworkPeeringStack extends LayerStack {
  constructor(scope: Construct, id: string, props: NetworkPeeringStackProps) {
    const env = props.environment;
    const secondary = env.secondaryRegion;
    if (!secondary) {
      throw new Error(`${env.sourceFile}: network.transitGatewayPeering needs regions.secondary`);
    }
    super(scope, id, {
      environment: env,
      layer: 'network',
      region: env.primaryRegion.name,
      stateName: 'network-peering',
      stateScope: 'global',
    });
    const read = (region: string) =>
      readLayerContract(this, `network-${region}`, NETWORK_CONTRACT, {
        environment: env,
        scope: region,
      });
    const primaryNetwork = read(env.primaryRegion.name);
    const secondaryNetwork = read(secondary.name);

    new TransitGatewayPeering(this, 'peering', {
      name: this.naming.name('tgw-peering'),
      accountId: env.accountId,
      requester: {
        region: env.primaryRegion.name,
        provider: this.provider,
        transitGatewayId: primaryNetwork.transitGatewayId,
        routeTableId: primaryNetwork.transitGatewayRouteTableId,
        vpcCidr: env.primaryRegion.vpcCidr,
      },
      accepter: {
        region: secondary.name,
        provider: this.providerFor(secondary.name),
        transitGatewayId: secondaryNetwork.transitGatewayId,
        routeTableId: secondaryNetwork.transitGatewayRouteTableId,
        vpcCidr: secondary.vpcCidr,
      },
    });
  }
}
