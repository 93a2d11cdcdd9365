import { runLayerApp } from '@strata/core';
import { DataStack } from './data-stack';

void runLayerApp({
  layer: 'data',
  addStacks: (app, environment) => {
    for (const region of environment.regions) {
      new DataStack(app, `data-${environment.name}-${region.name}`, {
        environment,
        region: region.name,
      });
    }
  },
});
