import type { LayerName } from '@strata/config';

/**
 * The order the synth threads take the layers in: the slowest first (`npm run bench`), so the
 * last one taken is short and the threads finish together. Imports nothing at run time: the
 * launcher reads it before the synth bundle is loaded.
 */
export const PLATFORM_LAYER_ORDER = [
  'cluster',
  'data',
  'observability',
  'edge',
  'network',
  'state',
] as const satisfies readonly LayerName[];
