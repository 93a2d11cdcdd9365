import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Construct } from 'constructs';
import { ZipOptions, Zippable, zipSync } from 'fflate';
import { StackAsset } from './stack-asset';

/** Properties of {@link ArchiveAsset}. */
export interface ArchiveAssetProps {
  /** Absolute path of the directory to zip; its contents become the archive's root. */
  readonly path: string;
}

/** The file name cdktf gives an archive asset: `assets/<logical id>/<hash>/archive.zip`. */
const ARCHIVE_NAME = 'archive.zip';
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
export class ArchiveAsset extends StackAsset {
  private readonly source: string;

  constructor(scope: Construct, id: string, props: ArchiveAssetProps) {
    super(scope, id, props.path, ARCHIVE_NAME);
    this.source = props.path;
  }

  protected writeTo(target: string): void {
    mkdirSync(join(target, '..'), { recursive: true });
    const key = `${this.source}\0${this.assetHash}`;
    let archive = archives.get(key);
    if (!archive) {
      archive = zipDirectory(this.source);
      archives.set(key, archive);
    }
    writeFileSync(target, archive);
  }
}
