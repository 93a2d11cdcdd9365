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
