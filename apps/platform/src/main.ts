import { join } from 'node:path';
import { runPlatformApp } from '@strata/core';
import { PLATFORM_LAYERS } from './layers';

// Every layer into <CDKTF_OUTDIR or dist/cdktf.out>/<layer>, where the per-layer synth targets write.
void runPlatformApp(
  PLATFORM_LAYERS,
  process.env.CDKTF_OUTDIR ?? join('dist', 'cdktf.out'),
  __filename,
);
