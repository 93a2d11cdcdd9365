import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LayerName } from '@strata/config';
import {
  discardStaged,
  LayerApp,
  layerError,
  runLayerApps,
  StagedLayer,
  stageLayers,
} from './layer-app';

/** What the main thread gives a synth worker. */
interface WorkerInput {
  readonly outdirRoot: string;
  /** One slot: the index of the next layer to take, shared by every thread. */
  readonly next: Int32Array;
}

/** What a synth worker reports back. */
type WorkerOutput = { readonly staged: StagedLayer[] } | { readonly error: string };

/**
 * Every layer in one run, all or nothing, spread over the machine's cores: the main thread and
 * one worker thread per further core each take the next layer from a shared counter until none
 * is left (so a slow layer never holds up the others), stage it, and only when every layer
 * synthesized is anything moved into place. Layers go under `<outdirRoot>/<layer>`, the layout
 * the per-layer Nx synth targets write, and the output is the same byte for byte.
 *
 * `entryFile` is the bundle this runs from: each worker loads it again and lands in the
 * `!isMainThread` branch.
 */
export function runPlatformApp(
  apps: readonly LayerApp[],
  outdirRoot: string,
  entryFile: string,
): Promise<void> {
  if (!isMainThread) return runAsWorker(apps);
  const outdirOf = (layer: LayerName) => join(outdirRoot, layer);
  return runLayerApps(apps, outdirOf, async (all) => {
    const next = new Int32Array(new SharedArrayBuffer(4));
    const threads = synthThreads(all.length);
    const input: WorkerInput = { outdirRoot, next };
    const workers = Array.from({ length: threads - 1 }, () =>
      runWorker(new Worker(entryFile, { workerData: input })),
    );
    const results = await Promise.allSettled([takeLayers(all, next, outdirOf), ...workers]);
    const staged = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      discardStaged(staged);
      throw failure.reason;
    }
    return staged;
  });
}

/**
 * Threads for `layers` layers: one per core (`STRATA_SYNTH_THREADS` overrides it, e.g. 1 on a
 * runner shared with other jobs), never more than there are layers.
 */
export function synthThreads(layers: number): number {
  const wanted = Number(process.env.STRATA_SYNTH_THREADS) || availableParallelism();
  return Math.max(1, Math.min(Math.floor(wanted), layers));
}

/** Stages layers taken one at a time from the shared counter until none is left. */
async function takeLayers(
  apps: readonly LayerApp[],
  next: Int32Array,
  outdirOf: (layer: LayerName) => string,
): Promise<StagedLayer[]> {
  const staged: StagedLayer[] = [];
  try {
    for (
      let index = Atomics.add(next, 0, 1);
      index < apps.length;
      index = Atomics.add(next, 0, 1)
    ) {
      const layerApp = apps[index];
      staged.push(
        ...(await stageLayers([layerApp], outdirOf).catch((error: unknown) => {
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

function runWorker(worker: Worker): Promise<StagedLayer[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (output: WorkerOutput) =>
      'error' in output ? reject(new Error(output.error)) : resolve(output.staged),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`synth worker exited with code ${code}`)));
  });
}

async function runAsWorker(apps: readonly LayerApp[]): Promise<void> {
  const { outdirRoot, next } = workerData as WorkerInput;
  let output: WorkerOutput;
  try {
    output = { staged: await takeLayers(apps, next, (layer) => join(outdirRoot, layer)) };
  } catch (error) {
    output = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(output);
}
