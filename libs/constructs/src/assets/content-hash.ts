import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Hashes computed in this process, by absolute path: an asset's source does not change mid-synth. */
const hashes = new Map<string, string>();

/**
 * The hash cdktf's `TerraformAsset` gives a file or directory (MD5 of every file's bytes, in
 * directory order, 32 hex digits upper-case), so an asset's path, and the synthesized JSON that
 * names it, stay what they were under `TerraformAsset`. Computed once per path and process:
 * the same chart goes into every environment's stack.
 */
export function contentHash(path: string): string {
  const absolute = resolve(path);
  let hash = hashes.get(absolute);
  if (!hash) {
    const md5 = createHash('md5');
    const visit = (entry: string) => {
      const stat = statSync(entry);
      if (stat.isFile()) md5.update(readFileSync(entry));
      else if (stat.isDirectory())
        for (const name of readdirSync(entry)) visit(resolve(entry, name));
    };
    visit(absolute);
    hash = md5.digest('hex').slice(0, 32).toUpperCase();
    hashes.set(absolute, hash);
  }
  return hash;
}
