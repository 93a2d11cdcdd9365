import { copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { StackAsset } from './stack-asset';

/** Properties of {@link DirectoryAsset}. */
export interface DirectoryAssetProps {
  /** The directory to place in the synthesized stack. */
  readonly path: string;
}

/**
 * A directory placed in the stack's assets at synthesis: the drop-in for cdktf's
 * `TerraformAsset` with `AssetType.DIRECTORY` (same path, same hash). Files are hard-linked
 * where the file system allows (copied where it does not), and the hash is computed once per
 * directory: the same chart goes into every environment's stack, and copying it each time
 * was a tenth of the cluster layer's synth. Nothing writes into a synthesized chart, so
 * sharing the source's bytes is safe.
 */
export class DirectoryAsset extends StackAsset {
  private readonly source: string;

  constructor(scope: Construct, id: string, props: DirectoryAssetProps) {
    super(scope, id, props.path);
    this.source = props.path;
  }

  protected writeTo(target: string): void {
    placeTree(this.source, target);
  }
}

/** Recreates `source` at `target`: directories made, files hard-linked, or copied across devices. */
function placeTree(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) placeTree(from, to);
    else if (entry.isFile()) {
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    }
  }
}
