/**
 * cdktn measured, not asserted: synthesizes the whole platform with CDK Terrain's packages
 * standing in for cdktf's (npm aliases from cdktn.json, installed with plain npm; the helm and
 * kubernetes bindings stay cdktf's, as cdktn publishes none) and compares every stack with
 * what cdktf synthesized in dist/cdktf.out. Passes when every stack and asset is the same but
 * for the expected differences cdktn.json lists with their reasons. Writes
 * dist/cdktn/report/platform.json.
 *
 *   node dist/tools/cdktn/main.js
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS } from '@strata/config';
import { StepLog } from '../step-log';
import { synthesizedStacks } from '../synthesized-stacks';
import { ExpectedDifference, stackDifferences, unexpectedDifferences } from './compare-synth';
import cdktnSettings from './cdktn.json';

const root = findWorkspaceRoot(__dirname);
const base = join(root, 'dist', 'cdktn');
const work = join(base, 'work');
const bundle = join(base, 'platform');
const outdir = join(base, 'cdktf.out');
const REPORT = join(base, 'report', 'platform.json');
const steps = new StepLog();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const settings: {
  readonly packages: Readonly<Record<string, string>>;
  readonly expectedDifferences: readonly ExpectedDifference[];
} = cdktnSettings;

function main(): void {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: settings.packages }, null, 2)}\n`,
  );
  steps.run(
    `npm install of ${Object.values(settings.packages).join(', ')}`,
    npm,
    // With the project's engine-strict: cdktn's packages declare the Node they need (22.11 and
    // later), which the project's Node meets.
    ['install', '--no-audit', '--no-fund', '--prefer-offline'],
    work,
  );
  // The platform app's two bundles, built as its own build does but on cdktn's packages.
  const aliases = Object.keys(settings.packages).flatMap((name) => [
    '--alias',
    `${name}=${join(work, 'node_modules', name)}`,
  ]);
  for (const entry of ['main', 'synth']) {
    steps.run(
      `bundle of the platform app's ${entry}.ts on cdktn`,
      process.execPath,
      [
        join(root, 'tools', 'scripts', 'bundle', 'build-app.mjs'),
        join('apps', 'platform', 'src', `${entry}.ts`),
        join(bundle, `${entry}.js`),
        ...aliases,
      ],
      root,
    );
  }
  steps.run(
    'synth of every layer with cdktn',
    process.execPath,
    ['-r', './tools/scripts/chart-mirrors.cjs', join(bundle, 'main.js')],
    root,
    { CDKTF_OUTDIR: outdir },
  );
  for (const layer of LAYERS) {
    const theirs = new Map(
      synthesizedStacks(root, layer, join(outdir, layer)).map((stack) => [stack.stack, stack]),
    );
    for (const ours of synthesizedStacks(root, layer)) {
      const twin = theirs.get(ours.stack);
      const failures: string[] = [];
      let expected = 0;
      if (!twin) failures.push('cdktn synthesized no such stack');
      else {
        for (const file of filesIn(ours.stackDir)) {
          const mine = readFileSync(join(ours.stackDir, file), 'utf8');
          const other = existsSync(join(twin.stackDir, file))
            ? readFileSync(join(twin.stackDir, file), 'utf8')
            : undefined;
          if (file !== 'cdk.tf.json') {
            if (mine !== other) failures.push(`${file}: differs`);
            continue;
          }
          const differences = stackDifferences(JSON.parse(mine), JSON.parse(other ?? '{}'));
          const unexpected = unexpectedDifferences(differences, settings.expectedDifferences);
          expected += differences.length - unexpected.length;
          failures.push(...unexpected.map((path) => `${file}: ${path} differs`));
        }
      }
      steps.record(
        {
          name: `${ours.stack}: cdktn synthesizes what cdktf does`,
          passed: failures.length === 0,
          seconds: 0,
          detail: failures.length > 0 ? failures.join('\n') : undefined,
          note: `${expected} expected difference(s)`,
        },
        false,
      );
    }
  }
}

/** Every file under a stack directory, relative to it. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

try {
  main();
  steps.finish(REPORT, 'cdktn');
} catch (error) {
  steps.finish(REPORT, 'cdktn', error instanceof Error ? error : new Error(String(error)));
}
