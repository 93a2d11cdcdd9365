import { defineLayerApp } from '@strata/core';
import { ObservabilityStack } from './observability-stack';

/** The observability layer: its stacks for every environment that enables it. */
export const observabilityLayer = defineLayerApp({
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
