import { join } from 'node:path';
import { runStaged, stageInThreads } from '@strata/core/synth-run';
import { PLATFORM_LAYER_ORDER } from './layer-order';

// The platform app: every layer into <CDKTF_OUTDIR or dist/cdktf.out>/<layer>, where the
// per-layer synth targets write, all or nothing. This launcher loads no cdktf: a worker thread
// per core loads the synth bundle and stages layers; the launcher moves them into place.
const outdirRoot = process.env.CDKTF_OUTDIR ?? join('dist', 'cdktf.out');
void runStaged({
  layers: PLATFORM_LAYER_ORDER,
  outdirOf: (layer) => join(outdirRoot, layer),
  stage: () => stageInThreads(join(__dirname, 'synth.js'), PLATFORM_LAYER_ORDER.length, outdirRoot),
});
