import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateLocation } from '@strata/config';
import type { EngineStep } from './bootstrap';

/** A synthesized S3 backend or `terraform_remote_state` config (Terraform JSON, snake_case). */
export type S3StateConfig = Readonly<Record<string, unknown>>;

/** The part of a synthesized stack that says where its state is kept and read. */
export interface StateConfigs {
  readonly terraform?: { readonly backend?: { readonly s3?: S3StateConfig } };
  readonly data?: {
    readonly terraform_remote_state?: Readonly<Record<string, { readonly config: S3StateConfig }>>;
  };
}

/** The override a fail-back writes for one move of a stack's state (read after cdk.tf.json). */
export const STATE_MOVE_OVERRIDE = 'strata_state_move_override.tf.json';

/**
 * `config` at `location`: the same key (and emulator endpoints), another bucket, region and
 * lock. A synth with `state.activeRegion` switched changes exactly this (state-failover.spec.ts).
 */
export function relocated(
  config: S3StateConfig,
  location: StateLocation,
  /** A backend locks; a remote-state read does not. */
  locks = true,
): S3StateConfig {
  const rest = Object.fromEntries(
    Object.entries(config).filter(([setting]) => setting !== 'dynamodb_table'),
  );
  return {
    ...rest,
    bucket: location.bucket,
    region: location.region,
    ...(locks && location.lockTable ? { dynamodb_table: location.lockTable } : {}),
  };
}

/** The stack's backend block moved to `location`. */
function relocatedBackend(stack: StateConfigs, location: StateLocation): object {
  const backend = stack.terraform?.backend?.s3;
  if (!backend) throw new Error('the stack has no S3 backend to move');
  return { backend: { s3: relocated(backend, location) } };
}

/** An override moving a stack's backend, and every remote-state read of it, to `location`. */
export function relocationOverride(stack: StateConfigs, location: StateLocation): object {
  const reads = Object.entries(stack.data?.terraform_remote_state ?? {});
  return {
    terraform: relocatedBackend(stack, location),
    ...(reads.length > 0
      ? {
          data: {
            terraform_remote_state: Object.fromEntries(
              reads.map(([name, read]) => [
                name,
                { backend: 's3', config: relocated(read.config, location, false) },
              ]),
            ),
          },
        }
      : {}),
  };
}

export interface StateMoveResult {
  /** The step that failed (`init`, `migrate`), when one did. */
  readonly failed?: string;
}

/**
 * Copies a stack's state from where its backend points now (the replica, while failed over)
 * to `location` (the primary, once it is back), overwriting the stale copy there:
 * 1. `init` with the stack's own backend, as synthesized;
 * 2. with an override naming `location`, `init -migrate-state -force-copy` copies the state.
 * The stack keeps taking its lock at the source until the switch back is merged.
 */
export async function moveState(
  stackDir: string,
  stack: StateConfigs,
  location: StateLocation,
  engine: EngineStep,
): Promise<StateMoveResult> {
  if ((await engine(['init', '-input=false', '-reconfigure'])) !== 0) return { failed: 'init' };
  const override = join(stackDir, STATE_MOVE_OVERRIDE);
  const terraform = relocatedBackend(stack, location);
  writeFileSync(override, `${JSON.stringify({ terraform }, null, 2)}\n`);
  try {
    const migrate = await engine(['init', '-input=false', '-migrate-state', '-force-copy']);
    return migrate === 0 ? {} : { failed: 'migrate' };
  } finally {
    rmSync(override, { force: true });
  }
}
