import { defineLayerApp } from '@strata/core';
import { DataStack } from './data-stack';

/** The data layer: its stacks for every environment that enables it. */
export const dataLayer = defineLayerApp({
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
