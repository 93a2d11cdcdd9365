import { defineLayerApp } from '@strata/core';
import { StateStack } from './state-stack';

/** The state layer: its stacks for every environment that enables it. */
export const stateLayer = defineLayerApp({
  layer: 'state',
  addStacks: (app, environment) =>
    new StateStack(app, `state-${environment.name}`, { environment }),
});
