import { runPlatformWorker, synthWorkerInput } from '@strata/core';
import { PLATFORM_LAYERS } from './layers';

// The synth bundle of the platform app: each of the launcher's (main.ts) worker threads loads
// it and takes layers until none is left.
const input = synthWorkerInput();
if (!input) {
  throw new Error("synth.js runs in the platform app's threads: run dist/apps/platform/main.js");
}
void runPlatformWorker(PLATFORM_LAYERS, input);
