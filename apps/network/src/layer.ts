import { defineLayerApp } from '@strata/core';
import { NetworkPeeringStack } from './network-peering-stack';
import { NetworkStack } from './network-stack';

/** The network layer: its stacks for every environment that enables it. */
export const networkLayer = defineLayerApp({
  layer: 'network',
  addStacks: (app, environment) => {
    for (const region of environment.regions) {
      new NetworkStack(app, `network-${environment.name}-${region.name}`, {
        environment,
        region: region.name,
      });
    }
    if (environment.network.transitGatewayPeering) {
      new NetworkPeeringStack(app, `network-${environment.name}-peering`, { environment });
    }
  },
});
