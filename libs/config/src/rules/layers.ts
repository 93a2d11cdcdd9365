import { LAYER_READS, LAYERS } from '../environment';
import { Rule } from './rule';

export const layerDependencies: Rule = (env) =>
  LAYERS.filter((layer) => env.layers[layer]).flatMap((layer) =>
    LAYER_READS[layer]
      .filter((needed) => !env.layers[needed])
      .map((needed) => ({
        field: `layers.${needed}`,
        rule: 'layer-dependencies',
        message: `is off, but the ${layer} layer reads its contract; switch ${layer} off too or ${needed} on`,
      })),
  );
