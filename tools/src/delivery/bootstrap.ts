import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The override that points a state stack's backend at a local file for its first apply.
 * Terraform reads `*_override.tf.json` after the stack's own files, and a backend block in an
 * override replaces the stack's backend entirely.
 */
export const BOOTSTRAP_OVERRIDE = 'strata_bootstrap_override.tf.json';

/** One engine command in the stack directory; resolves to its exit code. */
export type EngineStep = (args: readonly string[]) => Promise<number>;

export interface BootstrapResult {
  /** The step that failed (`init`, `apply`, `migrate`), when one did. */
  readonly failed?: string;
}

/**
 * The first apply of a state stack, whose backend is the bucket it creates:
 * 1. with the override, the backend is a local file (the bucket does not exist yet);
 * 2. `init` and `apply` create the bucket, its key, the lock table and the workflow roles;
 * 3. without the override, `init -migrate-state -force-copy` copies that state into the bucket.
 * From then on every run of the stack (a later bootstrap, drift) reads and locks the bucket,
 * like every other stack; the local file stays behind as a backup of the first apply.
 */
export async function bootstrapState(
  stackDir: string,
  localStatePath: string,
  engine: EngineStep,
  applyArgs: readonly string[] = [],
): Promise<BootstrapResult> {
  const override = join(stackDir, BOOTSTRAP_OVERRIDE);
  writeFileSync(
    override,
    `${JSON.stringify({ terraform: { backend: { local: { path: localStatePath } } } }, null, 2)}\n`,
  );
  try {
    if ((await engine(['init', '-input=false', '-reconfigure'])) !== 0) return { failed: 'init' };
    if ((await engine(['apply', '-input=false', ...applyArgs])) !== 0) return { failed: 'apply' };
  } finally {
    rmSync(override, { force: true });
  }
  const migrate = await engine(['init', '-input=false', '-migrate-state', '-force-copy']);
  return migrate === 0 ? {} : { failed: 'migrate' };
}
