import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { lockOutputs, OutputLocks, removeLeftovers } from './output-lock';
import { commitStaged, StagedLayer, stagingOf } from './staging';
import { stopSynthWorkers } from './threads';

/** What `runStaged` runs and where the output goes. */
export interface RunStagedOptions {
  /** The layers of the run, for messages and for the staging directories to clean up. */
  readonly layers: readonly string[];
  /** Where each layer's output goes. */
  readonly outdirOf: (layer: string) => string;
  /** Synthesizes every layer into its staging directory; throws if any fails. */
  readonly stage: () => Promise<StagedLayer[]>;
  /** Whether a failure's stack helps (with STRATA_DEBUG set): not for config errors. */
  readonly showStack?: (error: unknown) => boolean;
}

/**
 * Runs a synth all or nothing: every layer is staged first, and only when all synthesized are
 * they moved into place together. A failure or an interrupt writes nothing and says so;
 * invalid config or a failed synth-time check leaves the previous output untouched.
 *
 * Concurrent runs over the same outputs take turns (one lock per output directory, see
 * output-lock.ts), and what a killed run left beside the outputs is removed by the next.
 */
export async function runStaged(options: RunStagedOptions): Promise<void> {
  const label = options.layers.join(', ');
  const outdirs = options.layers.map((layer) => resolve(options.outdirOf(layer)));
  const stagings = outdirs.map(stagingOf);
  let written = false;
  let interrupted = false;
  let locks: OutputLocks | undefined;
  // An interrupted synth stops its threads, removes its staging directories, releases its
  // locks, then dies of the signal as it would have. Synthesis on this thread is synchronous:
  // a signal that arrives during it is handled after.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Ignore a second signal while stopping: it would kill the process before the cleanup.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    void stopSynthWorkers()
      .catch(() => undefined)
      .then(() => {
        for (const staging of stagings) rmSync(staging, { recursive: true, force: true });
        locks?.release();
        process.stderr.write(
          `${label}: synth interrupted (${signal}); ${written ? 'the complete output was already in place' : 'nothing was written'}.\n`,
        );
        process.off('SIGINT', ignore);
        process.off('SIGTERM', ignore);
        process.kill(process.pid, signal);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    locks = await lockOutputs(outdirs);
    for (const outdir of outdirs) removeLeftovers(outdir);
    const { kept } = commitStaged(await options.stage());
    written = true;
    for (const previous of kept) {
      process.stderr.write(
        `${label}: the previous output ${previous} could not be removed (the new output is in place); the next synth removes it.\n`,
      );
    }
  } catch (error) {
    // Stopped threads fail their layers: the interrupt, not this, is what happened.
    if (interrupted) return;
    process.exitCode = 1;
    // A failed move leaves the staged layers behind; they are never read.
    for (const staging of stagings) rmSync(staging, { recursive: true, force: true });
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${label}: synth failed, nothing was written.\n${message}\n`);
    const showStack = options.showStack?.(error) ?? true;
    if (showStack && error instanceof Error && process.env.STRATA_DEBUG) {
      process.stderr.write(`${error.stack}\n`);
    }
  } finally {
    // Let a signal that arrived during the synchronous synth reach its handler first.
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    if (process.listeners('SIGINT').includes(onSignal)) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      locks?.release();
    }
  }
}
