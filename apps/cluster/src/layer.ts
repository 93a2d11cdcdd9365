import { fetchManifest, defineLayerApp } from '@strata/core';
import { GATEWAY_API_RELEASE } from '@strata/constructs/helm';
import { AddonsStack } from './addons-stack';
import { ClusterStack } from './cluster-stack';

/** The cluster layer: its stacks for every environment that enables it. */
export const clusterLayer = defineLayerApp({
  layer: 'cluster',
  // The Gateway API CRDs are a release manifest, not a chart: fetched once per synth.
  prepare: async () => (await fetchManifest(GATEWAY_API_RELEASE)).path,
  addStacks: (app, environment, { prepared: gatewayApiManifest }) => {
    for (const region of environment.regions) {
      const props = { environment, region: region.name };
      new ClusterStack(app, `cluster-${environment.name}-${region.name}`, props);
      new AddonsStack(app, `addons-${environment.name}-${region.name}`, {
        ...props,
        gatewayApiManifest,
      });
    }
  },
});
