import { existsSync, renameSync, rmSync } from 'node:fs';

/** A layer synthesized into its staging directory, not yet in place. */
export interface StagedLayer {
  /** The layer. */
  readonly layer: string;
  /** Where it was synthesized. */
  readonly staging: string;
  /** Where it goes. */
  readonly outdir: string;
}

/** The staging directory a layer's output is written to before it is moved into `outdir`. */
export const stagingOf = (outdir: string): string => `${outdir}.staging-${process.pid}`;

/** Where a layer's previous output waits while the new one moves in. */
export const previousOf = (outdir: string): string => `${outdir}.old-${process.pid}`;

/**
 * Moves staged layers into place, all or none: every previous output is first renamed aside,
 * then every staged layer renamed in; if any rename fails, those done are undone and the
 * error is thrown with the previous output back in place. Only then are the previous outputs
 * removed; one that cannot be (read-only files) is named in the result and removed by the
 * next synth.
 */
export function commitStaged(staged: readonly StagedLayer[]): {
  /** The previous outputs, renamed aside, for the caller to remove. */
  readonly kept: string[];
} {
  const asideDone: StagedLayer[] = [];
  const inDone: StagedLayer[] = [];
  try {
    for (const layer of staged) {
      if (existsSync(layer.outdir)) {
        renameSync(layer.outdir, previousOf(layer.outdir));
        asideDone.push(layer);
      }
    }
    for (const layer of staged) {
      renameSync(layer.staging, layer.outdir);
      inDone.push(layer);
    }
  } catch (error) {
    for (const layer of inDone.reverse()) renameSync(layer.outdir, layer.staging);
    for (const layer of asideDone.reverse()) renameSync(previousOf(layer.outdir), layer.outdir);
    throw error;
  }
  const kept: string[] = [];
  for (const layer of asideDone) {
    try {
      rmSync(previousOf(layer.outdir), { recursive: true, force: true });
    } catch {
      kept.push(previousOf(layer.outdir));
    }
  }
  return { kept };
}

/** Removes staged layers' directories (after a failure elsewhere). */
export function discardStaged(staged: readonly StagedLayer[]): void {
  for (const { staging } of staged) {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
