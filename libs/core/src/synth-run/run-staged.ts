import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { commitStaged, StagedLayer, stagingOf } from './staging';

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
 * they moved into place. A failure or an interrupt writes nothing and says so; invalid config
 * or a failed synth-time check leaves the previous output untouched.
 */
export async function runStaged(options: RunStagedOptions): Promise<void> {
  const label = options.layers.join(', ');
  const stagings = options.layers.map((layer) => stagingOf(resolve(options.outdirOf(layer))));
  let written = false;
  // An interrupted synth removes its staging directories, then dies of the signal as it would
  // have. Synthesis itself is synchronous: a signal that arrives during it is handled after.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const staging of stagings) rmSync(staging, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stderr.write(
      `${label}: synth interrupted (${signal}); ${written ? 'the complete output was already in place' : 'nothing was written'}.\n`,
    );
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    commitStaged(await options.stage());
    written = true;
  } catch (error) {
    process.exitCode = 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${label}: synth failed, nothing was written.\n${message}\n`);
    const showStack = options.showStack?.(error) ?? true;
    if (showStack && error instanceof Error && process.env.STRATA_DEBUG) {
      process.stderr.write(`${error.stack}\n`);
    }
  } finally {
    // Let a signal that arrived during the synchronous synth reach its handler first.
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
