import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { TerraformStack } from 'cdktf';
// The hook TerraformAsset itself uses to write files at synthesis; cdktf (frozen at 0.21) does
// not re-export it from its index.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { contentHash } from './content-hash';

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
export class DirectoryAsset extends Construct {
  /** Hash of the directory's contents: changes exactly when a file does. */
  readonly assetHash: string;
  /** The directory's path relative to the synthesized stack, for a Helm release's `chart`. */
  readonly path: string;

  constructor(scope: Construct, id: string, props: DirectoryAssetProps) {
    super(scope, id);
    if (!statSync(props.path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`${this.node.path}: ${props.path} is not a directory`);
    }
    const stack = TerraformStack.of(this);
    this.assetHash = contentHash(props.path);
    const folder = posix.join('assets', stack.getLogicalId(this.node));
    this.path = posix.join(folder, this.assetHash);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackDirectory = join(
          session.manifest.outdir,
          session.manifest.forStack(stack).synthesizedStackPath,
          '..',
        );
        // An earlier synth's copies of this asset would be stale.
        rmSync(join(stackDirectory, folder), { recursive: true, force: true });
        placeTree(props.path, join(stackDirectory, this.path));
      },
    });
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
