import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { TerraformStack } from 'cdktf';
// The hook TerraformAsset itself uses to write files at synthesis; cdktf (frozen at 0.21) does
// not re-export it from its index.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { ZipOptions, Zippable, zipSync } from 'fflate';
import { contentHash } from './content-hash';

export interface ArchiveAssetProps {
  /** Absolute path of the directory to zip; its contents become the archive's root. */
  readonly path: string;
}

/** The name and layout cdktf gives an archive asset: `assets/<logical id>/<hash>/archive.zip`. */
const ARCHIVE_NAME = 'archive.zip';
const ASSETS_DIRECTORY = 'assets';
/** DOS time starts in 1980: every entry carries this date, so the same files give the same bytes. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));
/** A regular file readable by everyone (what Lambda needs), in a zip made "on Unix". */
const FILE_ATTRIBUTES: ZipOptions = {
  os: 3,
  attrs: (0o100644 << 16) >>> 0,
  mtime: FIXED_MTIME,
  level: 9,
};

/** Archives built in this process, by source directory and content hash. */
const archives = new Map<string, Uint8Array>();

function zipDirectory(directory: string): Uint8Array {
  const files: Zippable = {};
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) {
        files[relative(directory, full).split(/[\\/]/).join('/')] = [
          readFileSync(full),
          FILE_ATTRIBUTES,
        ];
      }
    }
  };
  visit(directory);
  return zipSync(files);
}

/**
 * A directory zipped into the stack's assets at synthesis: the drop-in for cdktf's
 * `TerraformAsset` with `AssetType.ARCHIVE` (same path, same hash). That one starts a Node
 * process per archive (~0.2 s each, most of a synth's time) and stamps each entry with the
 * current time; this zips in-process, once per directory, and reproducibly: the same files
 * always give the same archive, so an unchanged function or canary is byte-for-byte unchanged.
 */
export class ArchiveAsset extends Construct {
  /** Hash of the directory's contents: changes exactly when a file does. */
  readonly assetHash: string;
  /** The archive's path relative to the synthesized stack, for `filename`/`zip_file`. */
  readonly path: string;

  constructor(scope: Construct, id: string, props: ArchiveAssetProps) {
    super(scope, id);
    if (!statSync(props.path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`${this.node.path}: ${props.path} is not a directory to archive`);
    }
    const stack = TerraformStack.of(this);
    this.assetHash = contentHash(props.path);
    const folder = posix.join(ASSETS_DIRECTORY, stack.getLogicalId(this.node));
    this.path = posix.join(folder, this.assetHash, ARCHIVE_NAME);
    const key = `${props.path}\0${this.assetHash}`;
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackDirectory = join(
          session.manifest.outdir,
          session.manifest.forStack(stack).synthesizedStackPath,
          '..',
        );
        // An earlier synth's archives of this asset would be stale.
        rmSync(join(stackDirectory, folder), { recursive: true, force: true });
        const target = join(stackDirectory, this.path);
        mkdirSync(join(target, '..'), { recursive: true });
        let archive = archives.get(key);
        if (!archive) {
          archive = zipDirectory(props.path);
          archives.set(key, archive);
        }
        writeFileSync(target, archive);
      },
    });
  }
}
