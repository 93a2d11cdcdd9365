// Builds one library as the npm package platform teams install: JavaScript and declarations
// from the library's tsconfig.lib.json into dist/libs/<lib>, beside its package.json, README,
// the repository's LICENSE and CHANGELOG, and (for the constructs) the project's own charts,
// which local-chart add-ons find next to the module. `npm pack dist/libs/<lib>` packs it.
//
//   node tools/scripts/build-package.mjs <constructs|config|core>
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const lib = process.argv[2];
const source = join('libs', lib);
if (!lib || !existsSync(join(source, 'package.json'))) {
  console.error(`build-package: no library "${lib ?? ''}" with a package.json under libs/`);
  process.exit(2);
}
const out = join('dist', 'libs', lib);
rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', join(source, 'tsconfig.lib.json')],
  { stdio: 'inherit' },
);
for (const file of ['package.json', 'README.md', 'CHANGELOG.md']) {
  if (existsSync(join(source, file))) cpSync(join(source, file), join(out, file));
}
cpSync('LICENSE', join(out, 'LICENSE'));
if (existsSync(join(source, 'assets'))) {
  // Runtime code the constructs deploy (the credential rotation function).
  cpSync(join(source, 'assets'), join(out, 'assets'), { recursive: true });
}
if (lib === 'constructs') {
  for (const chart of readdirSync('charts')) {
    if (existsSync(join('charts', chart, 'Chart.yaml'))) {
      cpSync(join('charts', chart), join(out, 'charts', chart), { recursive: true });
    }
  }
}
console.log(`built ${out}`);
