// Builds a layer app into one self-contained file: `node build-app.mjs <entry.ts> <outfile>`.
// The app's whole module graph (cdktf, the provider classes it imports, the libraries) is one
// bundle, so start-up reads one file instead of resolving hundreds. Two cdktf modules are
// swapped for synth-time stand-ins (see the files beside this one); nothing else changes, so
// the synthesized JSON is what the unbundled app writes (synth-all.spec.ts compares them).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: build-app.mjs <entry.ts> <outfile.js>');
  process.exit(2);
}

/** cdktf modules replaced in the bundle, by their path inside the package. */
const STAND_INS = [
  {
    filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/,
    file: 'stack-trace.cjs',
  },
];

await build({
  entryPoints: [resolve(root, entry)],
  outfile: resolve(root, outfile),
  bundle: true,
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.base.json'),
  sourcemap: true,
  logLevel: 'warning',
  // archiver backs cdktf's own archive assets, which Strata does not use (ArchiveAsset zips
  // in-process); loading it costs ~0.1 s per start. The stand-in fails loudly if reached.
  alias: { archiver: join(here, 'archiver.cjs') },
  plugins: [
    {
      name: 'cdktf-stand-ins',
      setup(bundle) {
        for (const { filter, file } of STAND_INS) {
          bundle.onLoad({ filter }, () => ({
            resolveDir: here,
            contents: `module.exports = require(${JSON.stringify(join(here, file))});`,
          }));
        }
      },
    },
  ],
});
