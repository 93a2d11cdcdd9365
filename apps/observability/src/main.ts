import { runLayerApp } from '@strata/core';
import { ObservabilityStack } from './observability-stack';

void runLayerApp({
  layer: 'observability',
  addStacks: (app, environment) => {
    for (const region of environment.regions) {
      new ObservabilityStack(app, `observability-${environment.name}-${region.name}`, {
        environment,
        region: region.name,
      });
    }
  },
});
