import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, EnvironmentConfig, LayerName, loadEnvironments } from '@strata/config';
import { discardStaged, runStaged, StagedLayer, stagingOf } from './synth-run';

/** What a layer app passes to each environment's `addStacks`. */
export interface LayerAppContext<P = undefined> {
  /** Directory the synthesized stacks end up in. */
  readonly outdir: string;
  /** What `prepare` fetched. */
  readonly prepared: P;
}

/** The definition of a layer app (see `defineLayerApp`). */
export interface LayerAppProps<P = undefined> {
  /** The layer it synthesizes. */
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

/** A layer app with its prepared-value type sealed in, so layers of any kind run together. */
export interface LayerApp {
  /** The layer it synthesizes. */
  readonly layer: LayerName;
  /** Adds the layer's stacks for every environment that enables it. */
  addStacks(app: App, environments: readonly EnvironmentConfig[], outdir: string): Promise<void>;
}

/** Seals a layer app's props: `prepare` runs once, and only if some environment enables the layer. */
export function defineLayerApp<P = undefined>(props: LayerAppProps<P>): LayerApp {
  return {
    layer: props.layer,
    addStacks: async (app, environments, outdir) => {
      const enabled = environments.filter((env) => env.layers[props.layer]);
      if (enabled.length === 0) return;
      const prepared = (props.prepare ? await props.prepare() : undefined) as P;
      for (const environment of enabled) {
        props.addStacks(app, environment, { outdir, prepared });
      }
    },
  };
}

/** What a stack of a regional layer is built from. */
export interface RegionalStackProps {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
}

/**
 * A layer with one stack per region of each environment that enables it, named
 * `<layer>-<environment>-<region>`: the shape of most layers.
 */
export function regionalLayerApp(
  layer: LayerName,
  Stack: new (scope: App, id: string, props: RegionalStackProps) => unknown,
): LayerApp {
  return defineLayerApp({
    layer,
    addStacks: (app, environment) => {
      for (const region of environment.regions) {
        new Stack(app, `${layer}-${environment.name}-${region.name}`, {
          environment,
          region: region.name,
        });
      }
    },
  });
}

/** Every environment of the environments directory, limited to those `STRATA_ENV` names. */
export function loadSelectedEnvironments(): EnvironmentConfig[] {
  return selectEnvironments(loadEnvironments(), process.env.STRATA_ENV);
}

/**
 * Synthesizes layers into staging directories beside their outdirs, one cdktf App per layer,
 * the environments loaded once for all of them (or given, when a caller stages layers one at
 * a time). Throws on the first failure, having removed every staging directory it made.
 */
export async function stageLayers(
  apps: readonly LayerApp[],
  outdirOf: (layer: LayerName) => string,
  given?: readonly EnvironmentConfig[],
): Promise<StagedLayer[]> {
  const staged: StagedLayer[] = [];
  try {
    const environments = given ?? loadSelectedEnvironments();
    for (const layerApp of apps) {
      const outdir = resolve(outdirOf(layerApp.layer));
      const entry = { layer: layerApp.layer, staging: stagingOf(outdir), outdir };
      staged.push(entry);
      mkdirSync(entry.staging, { recursive: true });
      const app = new App({ outdir: entry.staging });
      await layerApp.addStacks(app, environments, outdir);
      app.synth();
    }
    return staged;
  } catch (error) {
    discardStaged(staged);
    throw error;
  }
}

/**
 * An error of one layer's synth in a run of several, prefixed with the layer (a config error
 * already names its file and field).
 */
export function layerError(layer: LayerName, error: unknown): Error {
  if (error instanceof ConfigError || !(error instanceof Error)) return error as Error;
  error.message = `${layer}: ${error.message}`;
  return error;
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
export function runLayerApp<P = undefined>(props: LayerAppProps<P>): Promise<void> {
  return runLayerApps([defineLayerApp(props)], cdktfOutdir);
}

/** Where a one-layer app writes: `CDKTF_OUTDIR` (set by the cdktf CLI and the Nx synth target). */
export const cdktfOutdir = (): string => process.env.CDKTF_OUTDIR ?? 'cdktf.out';

/**
 * Several layers in one process, all or nothing: every layer is staged first, and only when
 * all synthesized are they moved into place (`outdirOf` says where each goes).
 */
export function runLayerApps(
  apps: readonly LayerApp[],
  outdirOf: (layer: LayerName) => string,
): Promise<void> {
  return runStaged({
    layers: apps.map((app) => app.layer),
    outdirOf: (layer) => outdirOf(layer as LayerName),
    stage: () => stageLayers(apps, outdirOf),
    showStack: (error) => !(error instanceof ConfigError),
  });
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
