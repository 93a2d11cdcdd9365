import { runLayerApp } from '@strata/core';
import { StateStack } from './state-stack';

void runLayerApp({
  layer: 'state',
  addStacks: (app, environment, { outdir }) =>
    new StateStack(app, `state-${environment.name}`, { environment, outdir }),
});
