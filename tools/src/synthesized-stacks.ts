import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One stack of a synthesized layer app, as its cdktf manifest lists it. */
export interface SynthesizedStackDir {
  readonly app: string;
  readonly stack: string;
  readonly stackDir: string;
}

/** The stacks in dist/cdktf.out/<app> (or another outdir); fails with the command to run when it was not synthesized. */
export function synthesizedStacks(
  root: string,
  app: string,
  outdir: string = join(root, 'dist', 'cdktf.out', app),
): SynthesizedStackDir[] {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(`${manifestFile} is missing: run "npx nx run ${app}:synth" first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  return Object.entries(manifest.stacks).map(([stack, { workingDirectory }]) => ({
    app,
    stack,
    stackDir: join(outdir, workingDirectory),
  }));
}

/**
 * The environment a synthesized stack belongs to, among `names`: stacks are named
 * `<layer or part>-<env>[-<region or peering>]` (`addons-prod-us-east-1`, `state-dev`).
 */
export function stackEnvironment(stack: string, names: readonly string[]): string | undefined {
  const rest = stack.slice(stack.indexOf('-') + 1);
  return [...names]
    .sort((a, b) => b.length - a.length)
    .find((name) => rest === name || rest.startsWith(`${name}-`));
}

/**
 * 0 for a layer's own stack (`cluster-...`), 1 for a companion stack of the same app
 * (`addons-...`): companions read the layer's own stack, so they come after it.
 */
export function companionRank(layer: string, stack: string): number {
  return stack.startsWith(`${layer}-`) ? 0 : 1;
}

/** Whether a stack configures the kubernetes or helm provider: it needs the cluster's API. */
export function talksToCluster(stackDir: string): boolean {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    provider?: Record<string, unknown>;
  };
  return 'kubernetes' in (json.provider ?? {}) || 'helm' in (json.provider ?? {});
}
