import { existsSync, renameSync, rmSync } from 'node:fs';

/** A layer synthesized into its staging directory, not yet in place. */
export interface StagedLayer {
  readonly layer: string;
  readonly staging: string;
  readonly outdir: string;
}

/** The staging directory a layer's output is written to before it is moved into `outdir`. */
export const stagingOf = (outdir: string): string => `${outdir}.staging-${process.pid}`;

/** Moves staged layers into place (each replaces its previous output). */
export function commitStaged(staged: readonly StagedLayer[]): void {
  for (const { staging, outdir } of staged) {
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  }
}

/** Removes staged layers' directories (after a failure elsewhere). */
export function discardStaged(staged: readonly StagedLayer[]): void {
  for (const { staging } of staged) {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
