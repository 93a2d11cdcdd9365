/**
 * The platform-team consumer check: releases the built libraries with the release workflow's
 * publisher to a real npm registry on loopback (Verdaccio), installs them into a copy of
 * examples/platform-team with a plain `npm install` (the scope's registry in its .npmrc),
 * compiles and synthesizes its stack, loads every package, and validates the stack with the
 * real engine and providers. Then, at each end of the libraries' peer ranges, installs the
 * libraries with those peers
 * (plain npm, which refuses a peer outside a range) and type-checks the libraries' sources
 * against them: a prop a binding does not have yet fails there, where synthesis would drop it.
 * Writes dist/consumer/report.json (one entry per step) and exits non-zero on any failure.
 *
 *   node dist/tools/consumer/main.js
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { partitionOfRegion } from '@strata/constructs/vocabulary';
import { StepLog } from '../step-log';
import { synthesizedStacks } from '../synthesized-stacks';
import { mapsWithoutSources, unreachableModules } from './shipped-files';
import { PeerBound, peerInstallSpecs, peerRanges, sourcesAgainstPeers } from './peer-bounds';
import { LoopbackRegistry, startLoopbackRegistry } from './loopback-registry';
import { loadToolchain } from '../validate/toolchain';
import { AllowedWarning, validateStack } from '../validate/validate-stack';

const root = findWorkspaceRoot(__dirname);
const LIBRARIES = ['constructs', 'config', 'core'] as const;
const SCOPE = '@strata';
const PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn'] as const;
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

/** What the consumer installs from: the libraries released to a registry on loopback. */
async function release(registry: LoopbackRegistry): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // The release workflow's own publisher: siblings first, each version once.
  steps.run(
    `release of the libraries to a registry on loopback (Verdaccio ${verdaccioVersion()})`,
    process.execPath,
    [
      join(root, 'dist', 'tools', 'release', 'main.js'),
      '--registry',
      registry.url,
      '--no-provenance',
      '--no-tag',
    ],
    root,
    { NPM_CONFIG_USERCONFIG: registry.userConfig },
  );
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
}

/** The scope's registry for a project: the one line a team adds to its .npmrc. */
function scopeNpmrc(dir: string, registry: LoopbackRegistry): void {
  writeFileSync(join(dir, '.npmrc'), `${SCOPE}:registry=${registry.url}\n`);
}

/**
 * What is wrong with where a project's @strata packages came from: each expected one must be in
 * its lock file, and the registry on loopback must have served every one there (npm leaves a
 * scoped registry's `resolved` out of the lock file, so the registry's own log is the record).
 */
function scopeProvenance(
  dir: string,
  registry: LoopbackRegistry,
  expected: readonly string[],
): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const installed = Object.keys(lock.packages)
    .filter((path) => path.includes(`node_modules/${SCOPE}/`))
    .map((path) => path.slice(path.lastIndexOf(`${SCOPE}/`)));
  const served = registry.servedPackages();
  return [
    ...expected.filter((name) => !installed.includes(name)).map((name) => `${name}: not installed`),
    ...installed
      .filter((name) => !served.has(name))
      .map((name) => `${name}: installed, but the registry on loopback never served it`),
  ];
}

async function consume(registry: LoopbackRegistry): Promise<void> {
  cpSync(join(root, 'examples', 'platform-team'), project, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist|cdktf\.out)$/.test(source),
  });
  // Plain npm, as a team would: the example's package.json, the scope's registry in .npmrc.
  scopeNpmrc(project, registry);
  steps.run(
    'plain npm install of examples/platform-team, the libraries from the registry',
    npm,
    ['install', '--no-audit', '--no-fund', '--prefer-offline'],
    project,
  );
  steps.verdict(
    `every ${SCOPE} package the example installed came from the registry on loopback`,
    scopeProvenance(
      project,
      registry,
      LIBRARIES.map((lib) => `${SCOPE}/${lib}`),
    ),
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
  // The example's stacks span the partitions whose ARNs differ: a literal `arn:aws:` in a
  // construct fails validation or plan there, not in the commercial one.
  const partitions = synthesizedStacks(root, 'example', join(project, 'cdktf.out')).map(
    ({ stackDir }) => {
      const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
        provider: { aws: Array<{ region: string }> };
      };
      return partitionOfRegion(json.provider.aws[0].region);
    },
  );
  steps.verdict(
    `the example synthesized a stack in each partition (${PARTITIONS.join(', ')})`,
    PARTITIONS.filter((partition) => !partitions.includes(partition)).map(
      (partition) => `no stack in ${partition}`,
    ),
  );
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
}

/** The tarballs installed with the peers at one end of their ranges, and the sources checked. */
function checkPeerBound(bound: PeerBound, registry: LoopbackRegistry): void {
  const dir = join(work, `peers-${bound}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const ranges = peerRanges(
    LIBRARIES.map((lib) => readJson(join(root, 'libs', lib, 'package.json'))),
  );
  const specs = peerInstallSpecs(ranges, bound);
  scopeNpmrc(dir, registry);
  const libraries = LIBRARIES.map((lib) => {
    const { name, version } = JSON.parse(
      readFileSync(join(root, 'dist', 'libs', lib, 'package.json'), 'utf8'),
    ) as { name: string; version: string };
    return `${name}@${version}`;
  });
  steps.run(
    `npm install of the libraries with the ${bound} peers the ranges allow (${specs.join(', ')})`,
    npm,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...libraries, ...specs],
    dir,
  );
  steps.verdict(
    `all ${LIBRARIES.length} libraries, siblings included, came from the registry on loopback (${bound} peers)`,
    scopeProvenance(
      dir,
      registry,
      LIBRARIES.map((lib) => `${SCOPE}/${lib}`),
    ),
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

function verdaccioVersion(): string {
  const manifest = join(root, 'node_modules', 'verdaccio', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const registry = await startLoopbackRegistry(
    join(root, 'dist', 'consumer', 'registry'),
    SCOPE,
    join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
  );
  try {
    await release(registry);
    await consume(registry);
    for (const bound of ['lowest', 'highest'] as const) checkPeerBound(bound, registry);
  } finally {
    registry.stop();
  }
}

main().then(
  () => steps.finish(REPORT, 'consumer'),
  (error: Error) => steps.finish(REPORT, 'consumer', error),
);
