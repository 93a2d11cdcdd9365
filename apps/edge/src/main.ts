import { runLayerApp } from '@strata/core';
import { EdgeStack } from './edge-stack';

void runLayerApp({
  layer: 'edge',
  addStacks: (app, environment) => {
    for (const region of environment.regions) {
      new EdgeStack(app, `edge-${environment.name}-${region.name}`, {
        environment,
        region: region.name,
      });
    }
  },
});
