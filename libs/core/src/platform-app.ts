import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { EnvironmentConfig, LayerName } from '@strata/config';
import { LayerApp, layerError, loadSelectedEnvironments, stageLayers } from './layer-app';
import { discardStaged, StagedLayer, SynthWorkerInput, SynthWorkerOutput } from './synth-run';

/**
 * A synth worker thread of the platform app (`stageInThreads` starts them): takes the next
 * layer from the shared counter and stages it under `<outdirRoot>/<layer>`, until none is
 * left, then reports what it staged (or the first failure, after removing what it staged).
 */
export async function runPlatformWorker(
  apps: readonly LayerApp[],
  input: SynthWorkerInput,
): Promise<void> {
  let output: SynthWorkerOutput;
  try {
    output = {
      staged: await takeLayers(apps, input.next, (layer) => join(input.outdirRoot, layer)),
    };
  } catch (error) {
    output = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(output);
}

async function takeLayers(
  apps: readonly LayerApp[],
  next: Int32Array,
  outdirOf: (layer: LayerName) => string,
): Promise<StagedLayer[]> {
  const staged: StagedLayer[] = [];
  // Loaded once per thread, when it takes its first layer, not once per layer.
  let environments: readonly EnvironmentConfig[] | undefined;
  try {
    for (
      let index = Atomics.add(next, 0, 1);
      index < apps.length;
      index = Atomics.add(next, 0, 1)
    ) {
      const layerApp = apps[index];
      environments ??= loadSelectedEnvironments();
      staged.push(
        ...(await stageLayers([layerApp], outdirOf, environments).catch((error: unknown) => {
          throw layerError(layerApp.layer, error);
        })),
      );
    }
  } catch (error) {
    discardStaged(staged);
    // The other threads stop after the layer they are on.
    Atomics.store(next, 0, apps.length);
    throw error;
  }
  return staged;
}
