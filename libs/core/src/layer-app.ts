import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, EnvironmentConfig, LayerName, loadEnvironments } from '@strata/config';

export interface LayerAppContext<P = undefined> {
  /** Directory the synthesized stacks end up in. */
  readonly outdir: string;
  /** What `prepare` fetched. */
  readonly prepared: P;
}

export interface LayerAppProps<P = undefined> {
  readonly layer: LayerName;
  /**
   * Fetches what the stacks need from outside the repository (release manifests), once,
   * before any stack is added; skipped when no environment enables the layer.
   */
  readonly prepare?: () => Promise<P>;
  /** Adds the layer's stacks for one environment (called only where the layer is enabled). */
  readonly addStacks: (
    app: App,
    environment: EnvironmentConfig,
    context: LayerAppContext<P>,
  ) => void;
}

/**
 * Entry point of every layer app: loads and validates all environments, adds the
 * layer's stacks, and synthesizes them atomically. Output is written to a staging
 * directory and moved into place only when every stack synthesized, so invalid config
 * or a failed synth-time check leaves the previous output untouched and nothing half-done.
 *
 * Options (environment variables): `STRATA_ENV` limits synthesis to a comma-separated
 * list of environments; `CDKTF_OUTDIR` (set by the cdktf CLI) chooses the output.
 */
export async function runLayerApp<P = undefined>(props: LayerAppProps<P>): Promise<void> {
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const staging = `${outdir}.staging-${process.pid}`;
  const removeStaging = () => {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  };
  let written = false;
  // An interrupted synth removes its staging directory, then dies of the signal as it would
  // have. Synthesis itself is synchronous: a signal that arrives during it is handled after.
  const onSignal = (signal: NodeJS.Signals) => {
    removeStaging();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stderr.write(
      `${props.layer}: synth interrupted (${signal}); ${written ? 'the complete output was already in place' : 'nothing was written'}.\n`,
    );
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const environments = selectEnvironments(loadEnvironments(), process.env.STRATA_ENV).filter(
      (env) => env.layers[props.layer],
    );
    mkdirSync(staging, { recursive: true });
    const prepared = (
      props.prepare && environments.length > 0 ? await props.prepare() : undefined
    ) as P;
    const app = new App({ outdir: staging });
    for (const environment of environments) {
      props.addStacks(app, environment, { outdir, prepared });
    }
    app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    written = true;
  } catch (error) {
    removeStaging();
    process.exitCode = 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${props.layer}: synth failed, nothing was written.\n${message}\n`);
    if (!(error instanceof ConfigError) && error instanceof Error && process.env.STRATA_DEBUG) {
      process.stderr.write(`${error.stack}\n`);
    }
  } finally {
    // Let a signal that arrived during the synchronous synth reach its handler first.
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Keeps the environments named in a comma-separated filter; an unknown name is an error. */
export function selectEnvironments(
  environments: EnvironmentConfig[],
  filter: string | undefined,
): EnvironmentConfig[] {
  if (!filter) return environments;
  const wanted = filter
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = wanted.filter((name) => !environments.some((env) => env.name === name));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((name) => ({
        file: 'STRATA_ENV',
        field: name,
        rule: 'known-environment',
        message: `is not an environment (known: ${environments.map((env) => env.name).join(', ')})`,
      })),
    );
  }
  return environments.filter((env) => wanted.includes(env.name));
}
