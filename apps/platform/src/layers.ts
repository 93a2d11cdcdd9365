import { LayerApp } from '@strata/core';
import { clusterLayer } from '../../cluster/src/layer';
import { dataLayer } from '../../data/src/layer';
import { edgeLayer } from '../../edge/src/layer';
import { networkLayer } from '../../network/src/layer';
import { observabilityLayer } from '../../observability/src/layer';
import { stateLayer } from '../../state/src/layer';

/**
 * Every layer app, the slowest to synthesize first (`npm run bench`): threads take them in this
 * order, so the last one taken is short and the threads finish together.
 */
export const PLATFORM_LAYERS: readonly LayerApp[] = [
  clusterLayer,
  dataLayer,
  observabilityLayer,
  edgeLayer,
  networkLayer,
  stateLayer,
];
