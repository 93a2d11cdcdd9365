import { runLayerApp } from '@strata/core';
import { AddonsStack } from './addons-stack';
import { ClusterStack } from './cluster-stack';

runLayerApp({
  layer: 'cluster',
  addStacks: (app, environment) => {
    for (const region of environment.regions) {
      const props = { environment, region: region.name };
      new ClusterStack(app, `cluster-${environment.name}-${region.name}`, props);
      new AddonsStack(app, `addons-${environment.name}-${region.name}`, props);
    }
  },
});
