import { rmSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { TerraformStack } from 'cdktf';
// The hook TerraformAsset itself uses to write files at synthesis; cdktf (frozen at 0.21) does
// not re-export it from its index.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { contentHash } from './content-hash';

/**
 * A directory placed in the synthesized stack, where cdktf's `TerraformAsset` puts it:
 * `assets/<logical id>/<content hash>[/<file>]`, with the same hash, so the synthesized JSON
 * that names it is the same. Subclasses write the asset itself.
 */
export abstract class StackAsset extends Construct {
  /** Hash of the source directory's contents: changes exactly when a file does. */
  readonly assetHash: string;
  /** The asset's path relative to the synthesized stack. */
  readonly path: string;

  /**
   * @param source the directory the asset is made from
   * @param fileName the file the asset is, inside its hashed folder; none for a directory
   */
  protected constructor(scope: Construct, id: string, source: string, fileName?: string) {
    super(scope, id);
    if (!statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`${this.node.path}: ${source} is not a directory`);
    }
    const stack = TerraformStack.of(this);
    this.assetHash = contentHash(source);
    const folder = posix.join('assets', stack.getLogicalId(this.node));
    this.path = posix.join(folder, this.assetHash, fileName ?? '');
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackDirectory = join(
          session.manifest.outdir,
          session.manifest.forStack(stack).synthesizedStackPath,
          '..',
        );
        // An earlier synth's copies of this asset would be stale.
        rmSync(join(stackDirectory, folder), { recursive: true, force: true });
        this.writeTo(join(stackDirectory, this.path));
      },
    });
  }

  /** Writes the asset to `target` (its place in the synthesized stack) at synthesis. */
  protected abstract writeTo(target: string): void;
}
