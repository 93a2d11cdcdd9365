// Builds a layer app into one self-contained file: `node build-app.mjs <entry.ts> <outfile>`,
// optionally `--alias <package>=<dir>` (repeatable) to build it on another package, as the
// cdktn comparison does (tools/src/cdktn).
// The app's whole module graph (cdktf, the provider classes it imports, the libraries) is one
// bundle, so start-up reads one file instead of resolving hundreds. Two cdktf modules are
// swapped for synth-time stand-ins (see the files beside this one); nothing else changes, so
// the synthesized JSON is what the unbundled app writes (synth-all.spec.ts compares them).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const args = process.argv.slice(2);
const aliases = {};
for (let index = args.indexOf('--alias'); index >= 0; index = args.indexOf('--alias')) {
  const [name, dir] = (args[index + 1] ?? '').split('=');
  if (!name || !dir) {
    console.error('--alias takes <package>=<dir>');
    process.exit(2);
  }
  aliases[name] = resolve(dir);
  args.splice(index, 2);
}
const [entry, outfile] = args;
if (!entry || !outfile) {
  console.error('usage: build-app.mjs <entry.ts> <outfile.js> [--alias <package>=<dir>]...');
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
  target: 'node24',
  tsconfig: join(root, 'tsconfig.base.json'),
  sourcemap: true,
  logLevel: 'warning',
  // archiver backs cdktf's own archive assets, which Strata does not use (ArchiveAsset zips
  // in-process); loading it costs ~0.1 s per start. The stand-in fails loudly if reached.
  alias: { archiver: join(here, 'archiver.cjs'), ...aliases },
  plugins: [
    {
      name: 'cdktf-stand-ins',
      setup(bundle) {
        // The stand-ins replace cdktf's own modules; another package under that name keeps its own.
        for (const { filter, file } of aliases.cdktf ? [] : STAND_INS) {
          bundle.onLoad({ filter }, () => ({
            resolveDir: here,
            contents: `module.exports = require(${JSON.stringify(join(here, file))});`,
          }));
        }
        // cdktf 0.21's TerraformOutput calls util.isArray, which Node 22 and later deprecate at
        // run time (DEP0044): every synth with an output would print the warning. util.isArray
        // is Array.isArray; a cdktf without the call is bundled as it is.
        bundle.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]terraform-output\.js$/ }, ({ path }) => ({
          contents: readFileSync(path, 'utf8').replaceAll('(0, util_2.isArray)(', 'Array.isArray('),
          loader: 'js',
        }));
      },
    },
  ],
});
