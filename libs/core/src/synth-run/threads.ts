import { availableParallelism } from 'node:os';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { discardStaged, StagedLayer } from './staging';

/** What every synth worker thread is given. */
export interface SynthWorkerInput {
  /** Layers go under `<outdirRoot>/<layer>`. */
  readonly outdirRoot: string;
  /** One slot: the index of the next layer to take, shared by every thread. */
  readonly next: Int32Array;
}

/** What a synth worker reports back. */
export type SynthWorkerOutput =
  | {
      /** The layers it synthesized into their staging directories. */
      readonly staged: StagedLayer[];
    }
  | {
      /** Why it failed. */
      readonly error: string;
    };

/**
 * Threads for `layers` layers: one per core (`STRATA_SYNTH_THREADS` overrides it, e.g. 1 on a
 * runner shared with other jobs), never more than there are layers.
 */
export function synthThreads(layers: number): number {
  const wanted = Number(process.env.STRATA_SYNTH_THREADS) || availableParallelism();
  return Math.max(1, Math.min(Math.floor(wanted), layers));
}

/**
 * Runs `entry` in a worker thread per core; each takes the next of `layers` layers from a
 * shared counter until none is left (so a slow layer never holds up the others) and stages it.
 * Resolves with everything staged; if any thread fails, removes what the others staged and
 * rejects with the first failure.
 */
export async function stageInThreads(
  entry: string,
  layers: number,
  outdirRoot: string,
): Promise<StagedLayer[]> {
  const input: SynthWorkerInput = { outdirRoot, next: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = Array.from(
    { length: synthThreads(layers) },
    () => new Worker(entry, { workerData: input }),
  );
  workers.forEach((worker) => running.add(worker));
  const results = await Promise.allSettled(workers.map(resultOf)).finally(() =>
    workers.forEach((worker) => running.delete(worker)),
  );
  const staged = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    discardStaged(staged);
    throw failure.reason;
  }
  return staged;
}

/** The synth threads of this process that have not finished. */
const running = new Set<Worker>();

/**
 * Stops every synth thread of this process and waits until they have: an interrupted synth
 * removes its staging directories only once nothing writes into them any more.
 */
export async function stopSynthWorkers(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.terminate()));
}

function resultOf(worker: Worker): Promise<StagedLayer[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (output: SynthWorkerOutput) =>
      'error' in output ? reject(new Error(output.error)) : resolve(output.staged),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`synth worker exited with code ${code}`)));
  });
}

/** In a synth worker thread: what it was given; undefined anywhere else. */
export function synthWorkerInput(): SynthWorkerInput | undefined {
  return isMainThread ? undefined : (workerData as SynthWorkerInput);
}
