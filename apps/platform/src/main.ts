import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { runBundleWithCodeCache, runStaged, stageInThreads } from '@strata/core/synth-run';
import { PLATFORM_LAYER_ORDER } from './layer-order';

// The platform app: every layer into <CDKTF_OUTDIR or dist/cdktf.out>/<layer>, where the
// per-layer synth targets write, all or nothing. This launcher loads no cdktf: it starts a
// worker thread per core on itself, and each thread runs the synth bundle (from V8's code
// cache) and stages layers; the launcher moves them into place.
if (isMainThread) {
  const outdirRoot = process.env.CDKTF_OUTDIR ?? join('dist', 'cdktf.out');
  void runStaged({
    layers: PLATFORM_LAYER_ORDER,
    outdirOf: (layer) => join(outdirRoot, layer),
    stage: () => stageInThreads(__filename, PLATFORM_LAYER_ORDER.length, outdirRoot),
  });
} else {
  runBundleWithCodeCache(join(__dirname, 'synth.js'));
}
