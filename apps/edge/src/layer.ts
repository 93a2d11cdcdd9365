import { defineLayerApp } from '@strata/core';
import { EdgeStack } from './edge-stack';

/** The edge layer: its stacks for every environment that enables it. */
export const edgeLayer = defineLayerApp({
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
