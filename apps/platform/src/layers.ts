import { LayerName } from '@strata/config';
import { LayerApp } from '@strata/core';
import { clusterLayer } from '../../cluster/src/layer';
import { dataLayer } from '../../data/src/layer';
import { edgeLayer } from '../../edge/src/layer';
import { networkLayer } from '../../network/src/layer';
import { observabilityLayer } from '../../observability/src/layer';
import { stateLayer } from '../../state/src/layer';
import { PLATFORM_LAYER_ORDER } from './layer-order';

/** Every layer app by name: a layer added to the config without its app here does not compile. */
const LAYER_APPS: Record<LayerName, LayerApp> = {
  state: stateLayer,
  network: networkLayer,
  cluster: clusterLayer,
  data: dataLayer,
  edge: edgeLayer,
  observability: observabilityLayer,
};

/** Every layer app, in the order the synth threads take them. */
export const PLATFORM_LAYERS: readonly LayerApp[] = PLATFORM_LAYER_ORDER.map(
  (layer) => LAYER_APPS[layer],
);
