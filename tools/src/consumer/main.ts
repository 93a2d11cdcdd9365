/**
 * The platform-team consumer check: packs the built libraries with `npm pack`, installs the
 * tarballs into a copy of examples/platform-team with plain npm, compiles and synthesizes its
 * stack, loads every package, and validates the stack with the real engine and providers.
 * Then, at each end of the libraries' peer ranges, installs the tarballs with those peers
 * (plain npm, which refuses a peer outside a range) and type-checks the libraries' sources
 * against them: a prop a binding does not have yet fails there, where synthesis would drop it.
 * Writes dist/consumer/report.json (one entry per step) and exits non-zero on any failure.
 *
 *   node dist/tools/consumer/main.js
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { StepLog } from '../step-log';
import { synthesizedStacks } from '../synthesized-stacks';
import { mapsWithoutSources, unreachableModules } from './shipped-files';
import { PeerBound, peerInstallSpecs, peerRanges, sourcesAgainstPeers } from './peer-bounds';
import { loadToolchain } from '../validate/toolchain';
import { AllowedWarning, validateStack } from '../validate/validate-stack';

const root = findWorkspaceRoot(__dirname);
const LIBRARIES = ['constructs', 'config', 'core'] as const;
const work = join(root, 'dist', 'consumer', 'work');
const project = join(work, 'platform-team');
const REPORT = join(root, 'dist', 'consumer', 'report', 'platform-team.json');

const steps = new StepLog();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The first TypeScript block of a package's README: its runnable example. */
function readmeExample(lib: string): string {
  const readme = readFileSync(join(root, 'libs', lib, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) throw new Error(`libs/${lib}/README.md has no \`\`\`ts example`);
  return example;
}

/** Returns the packed tarballs. */
async function main(): Promise<string[]> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'packages'), { recursive: true });
  const tarballs = LIBRARIES.map((lib) => {
    const packed = JSON.parse(
      steps.run(
        `npm pack @strata/${lib}`,
        npm,
        [
          'pack',
          join(root, 'dist', 'libs', lib),
          '--pack-destination',
          join(work, 'packages'),
          '--json',
        ],
        work,
      ),
    ) as Array<{ filename: string; entryCount: number }>;
    return join(work, 'packages', packed[0].filename);
  });
  for (const lib of LIBRARIES) {
    const dir = join(root, 'dist', 'libs', lib);
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      exports: Parameters<typeof unreachableModules>[1];
    };
    steps.verdict(
      `@strata/${lib} ships no module its exports do not reach, and its maps carry their sources`,
      [
        ...unreachableModules(dir, exports, ['assets', 'charts']).map(
          (file) => `${file}: shipped, but no export reaches it`,
        ),
        ...mapsWithoutSources(dir).map((file) => `${file}: names sources it does not carry`),
      ],
    );
  }
  cpSync(join(root, 'examples', 'platform-team'), project, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist|cdktf\.out)$/.test(source),
  });
  // Plain npm, as a team would: the tarballs, plus the example's own pinned dependencies.
  steps.run(
    'npm install of the tarballs into examples/platform-team',
    npm,
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs],
    project,
  );
  steps.run(
    'every package loads in the consumer',
    process.execPath,
    ['-e', "for (const p of ['@strata/constructs', '@strata/config', '@strata/core']) require(p);"],
    project,
  );
  // The packages' README examples run too, against the repository's dev environment.
  for (const lib of ['config', 'core'] as const) {
    writeFileSync(join(project, 'src', `readme-${lib}.ts`), readmeExample(lib));
  }
  mkdirSync(join(project, 'environments'));
  cpSync(join(root, 'environments', 'dev.yaml'), join(project, 'environments', 'dev.yaml'));
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  steps.run(
    'tsc of the example and the README examples',
    process.execPath,
    [tsc, '-p', '.'],
    project,
  );
  steps.run('synth of the example', process.execPath, [join('dist', 'main.js')], project, {
    CDKTF_OUTDIR: join(project, 'cdktf.out'),
  });
  const environments = { STRATA_ENVIRONMENTS_DIR: join(project, 'environments') };
  const loaded = steps.run(
    'the @strata/config README example',
    process.execPath,
    [join('dist', 'readme-config.js')],
    project,
    environments,
  );
  if (!loaded.includes('dev (development)')) {
    throw new Error(`the @strata/config README example printed: ${loaded}`);
  }
  steps.run(
    'the @strata/core README example',
    process.execPath,
    [join('dist', 'readme-core.js')],
    project,
    { ...environments, CDKTF_OUTDIR: join(project, 'cdktf-core.out') },
  );

  const toolchain = loadToolchain();
  const allowed = (
    JSON.parse(readFileSync(join(root, 'tools', 'toolchain', 'allowed-warnings.json'), 'utf8')) as {
      allowed: AllowedWarning[];
    }
  ).allowed;
  const stacks = [
    ...synthesizedStacks(root, 'example', join(project, 'cdktf.out')),
    ...synthesizedStacks(root, 'core-readme', join(project, 'cdktf-core.out')),
  ];
  for (const { stack, stackDir } of stacks) {
    const result = await validateStack(
      stack,
      stackDir,
      join(work, 'validate', stack),
      toolchain,
      allowed,
    );
    const detail = result.failures
      .map(
        (failure) =>
          `${failure.severity}: ${failure.summary}${failure.address ? ` [${failure.address}]` : ''}`,
      )
      .join('\n');
    // Every stack is validated, whichever fails.
    steps.record(
      {
        name: `terraform validate of ${stack}`,
        passed: result.passed,
        seconds: result.seconds,
        detail: detail || undefined,
      },
      false,
    );
  }
  return tarballs;
}

/** The tarballs installed with the peers at one end of their ranges, and the sources checked. */
function checkPeerBound(bound: PeerBound, tarballs: readonly string[]): void {
  const dir = join(work, `peers-${bound}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const ranges = peerRanges(
    LIBRARIES.map((lib) => readJson(join(root, 'libs', lib, 'package.json'))),
  );
  const specs = peerInstallSpecs(ranges, bound);
  steps.run(
    `npm install of the tarballs with the ${bound} peers the ranges allow (${specs.join(', ')})`,
    npm,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, ...specs],
    dir,
  );
  const base = readJson(join(root, 'tsconfig.base.json')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const absolute = Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([name, targets]) => [
      name,
      targets.map((target) => join(root, target)),
    ]),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify(
      sourcesAgainstPeers({
        base: join(root, 'tsconfig.base.json'),
        basePaths: absolute,
        peerModules: join(dir, 'node_modules'),
        peers: Object.keys(ranges),
        sources: LIBRARIES.map((lib) => join(root, 'libs', lib, 'src', '**', '*.ts')),
        excluded: LIBRARIES.map((lib) => join(root, 'libs', lib, 'src', '**', '*.spec.ts')),
      }),
      null,
      2,
    )}\n`,
  );
  steps.run(
    `tsc of the libraries' sources against the ${bound} peers`,
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir],
    dir,
  );
}

function readJson(path: string): { peerDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path, 'utf8')) as { peerDependencies?: Record<string, string> };
}

main()
  .then((tarballs) => {
    for (const bound of ['lowest', 'highest'] as const) checkPeerBound(bound, tarballs);
  })
  .then(
    () => steps.finish(REPORT, 'consumer'),
    (error: Error) => steps.finish(REPORT, 'consumer', error),
  );
