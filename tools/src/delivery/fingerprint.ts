import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A stack's fingerprint per stack name: what would be planned and applied, hashed. */
export type Fingerprints = Readonly<Record<string, string>>;

/**
 * The files that decide how every stack is planned and applied: the engine version and the
 * credentials (the composite action), and the workflows that run it. A change to one of them
 * plans and applies every stack again, as a change to the stack itself would.
 */
export const DELIVERY_FILES: readonly string[] = [
  '.github/actions/terraform/action.yml',
  '.github/workflows/apply.yml',
  '.github/workflows/environment-apply.yml',
];

/** Every file under `dir`, in path order. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Hash of named files: each path (relative to `base`) and content, in the order given. */
export function filesDigest(base: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(base, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Digest of the delivery files (`DELIVERY_FILES`) of the workspace at `root`. */
export function deliveryDigest(root: string): string {
  return filesDigest(
    root,
    DELIVERY_FILES.map((file) => join(root, file)),
  );
}

/**
 * The fingerprint of one synthesized stack: its `cdk.tf.json` (resources, providers and
 * their versions, backend) and assets (function code, charts), with the delivery digest.
 * Two commits with equal fingerprints plan the same thing; a comment or a refactor that
 * leaves the output alone changes none.
 */
export function stackFingerprint(stackDir: string, delivery: string): string {
  return createHash('sha256')
    .update(filesDigest(stackDir, filesUnder(stackDir)))
    .update(delivery)
    .digest('hex');
}

/** The fingerprint of each stack job of the workspace at `root`. */
export function workspaceFingerprints(
  root: string,
  jobs: ReadonlyArray<{ readonly stack: string; readonly directory: string }>,
): Fingerprints {
  const delivery = deliveryDigest(root);
  return Object.fromEntries(
    jobs.map((job) => [job.stack, stackFingerprint(join(root, job.directory), delivery)]),
  );
}

/** The stacks whose fingerprint differs from `previous` (or that `previous` lacks), in `order`. */
export function changedStacks(
  order: readonly string[],
  current: Fingerprints,
  previous: Fingerprints,
): string[] {
  return order.filter((stack) => current[stack] !== previous[stack]);
}
