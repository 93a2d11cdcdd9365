import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { satisfies, valid, validRange } from 'semver';
import { findWorkspaceRoot } from '@strata/config';
import { LAMBDA_NODE_RUNTIME } from '@strata/constructs/lambda';
import { load } from 'js-yaml';

const root = findWorkspaceRoot(__dirname);
const LIBRARIES = ['constructs', 'config', 'core'] as const;

interface PackageJson {
  name: string;
  engines?: { node?: string };
  publishConfig?: Record<string, unknown>;
  version: string;
  license: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const read = (path: string): PackageJson => JSON.parse(readFileSync(join(root, path), 'utf8'));
const rootPackage = read('package.json');
const pinnedInWorkspace = (name: string): string | undefined =>
  rootPackage.dependencies?.[name] ?? rootPackage.devDependencies?.[name];

describe('the library packages', () => {
  it.each(LIBRARIES)('@strata/%s pins the versions the workspace builds and tests with', (lib) => {
    const pkg = read(`libs/${lib}/package.json`);
    expect(pkg.name).toBe(`@strata/${lib}`);
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [name, version] of Object.entries(pkg.dependencies ?? {})) {
      if (name.startsWith('@strata/')) {
        expect([name, version]).toEqual([name, read(`libs/${name.slice(8)}/package.json`).version]);
      } else {
        expect([name, version]).toEqual([name, pinnedInWorkspace(name) ?? version]);
      }
    }
  });

  it.each(LIBRARIES)(
    "@strata/%s's peer ranges hold the workspace's pins and match its siblings'",
    (lib) => {
      // A range, so a team one patch behind installs it (the consumer check installs its lowest
      // and highest versions); the same range in every library that names the peer.
      for (const [name, range] of Object.entries(
        read(`libs/${lib}/package.json`).peerDependencies ?? {},
      )) {
        expect([name, validRange(range) !== null && range !== valid(range)]).toEqual([name, true]);
        const pinned = pinnedInWorkspace(name);
        if (pinned) expect([name, satisfies(pinned, range)]).toEqual([name, true]);
        for (const sibling of LIBRARIES) {
          const theirs = read(`libs/${sibling}/package.json`).peerDependencies?.[name];
          if (theirs) expect([sibling, name, theirs]).toEqual([sibling, name, range]);
        }
      }
    },
  );

  it('@strata/constructs has one subpath per domain, each with an index', () => {
    const domains = readdirSync(join(root, 'libs/constructs/src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const domain of domains) {
      expect(existsSync(join(root, 'libs/constructs/src', domain, 'index.ts'))).toBe(true);
    }
    const subpaths = Object.keys(read('libs/constructs/package.json').exports)
      .filter((key) => /^\.\/[a-z0-9]+$/.test(key))
      .map((key) => key.slice(2));
    expect(subpaths.sort()).toEqual(domains.sort());
  });

  it("@strata/constructs's README shows the example the consumer check installs and runs", () => {
    const readme = readFileSync(join(root, 'libs/constructs/README.md'), 'utf8');
    const example = readFileSync(join(root, 'examples/platform-team/src/main.ts'), 'utf8');
    expect(/```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(example);
  });

  it('changesets releases the three packages together and keeps their dependencies in step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-changeset-'));
    mkdirSync(join(dir, '.changeset'));
    for (const file of ['package.json', 'lerna.json', '.changeset/config.json']) {
      cpSync(join(root, file), join(dir, file));
    }
    for (const lib of LIBRARIES) {
      mkdirSync(join(dir, 'libs', lib), { recursive: true });
      cpSync(join(root, 'libs', lib, 'package.json'), join(dir, 'libs', lib, 'package.json'));
    }
    writeFileSync(
      join(dir, '.changeset', 'grants.md'),
      '---\n"@strata/constructs": minor\n---\n\nGrants on queues.\n',
    );
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    const [major, minor] = read('libs/constructs/package.json').version.split('.').map(Number);
    const next = `${major}.${minor + 1}.0`;
    const bumped = (lib: string): PackageJson =>
      JSON.parse(readFileSync(join(dir, 'libs', lib, 'package.json'), 'utf8'));
    expect(LIBRARIES.map((lib) => bumped(lib).version)).toEqual([next, next, next]);
    expect(bumped('core').dependencies?.['@strata/config']).toBe(next);
    expect(readFileSync(join(dir, 'libs/constructs/CHANGELOG.md'), 'utf8')).toContain(
      `## ${next}\n\n### Minor Changes\n\n- Grants on queues.`,
    );
  });
});

describe('the runtime', () => {
  const pinned = readFileSync(join(root, '.node-version'), 'utf8').trim();

  it('is the Node in .node-version: the tests run on it, whatever Node the machine had', () => {
    // tools/scripts/node-runtime.sh puts it first on PATH for every npm script.
    expect(process.version).toBe(`v${pinned}`);
  });

  it('is an LTS line every package engines range allows, with Lambdas on the same line', () => {
    const major = Number(pinned.split('.')[0]);
    expect(major % 2).toBe(0); // even majors become LTS
    expect(major).toBeGreaterThanOrEqual(24);
    const engines = rootPackage.engines?.node;
    expect(engines).toBeDefined();
    expect(satisfies(pinned, engines as string)).toBe(true);
    for (const lib of LIBRARIES)
      expect([lib, read(`libs/${lib}/package.json`).engines?.node]).toEqual([lib, engines]);
    expect(LAMBDA_NODE_RUNTIME).toBe(`nodejs${major}.x`);
  });

  it('runs the cdktf CLI: its node-pty, which has no prebuilt binary for Node 24, is built for it', () => {
    // Built at install against this Node's headers (node-runtime.sh sets npm_config_nodedir);
    // built against another Node, every cdktf command fails to start (ERR_DLOPEN_FAILED).
    const run = spawnSync(
      process.execPath,
      ['-e', "require('@cdktf/node-pty-prebuilt-multiarch'); console.log('loaded')"],
      { cwd: root, encoding: 'utf8' },
    );
    expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, 'loaded', '']);
  });

  it('is what GitHub Actions installs: every setup-node step reads .node-version', () => {
    const files = [
      ...readdirSync(join(root, '.github/workflows')).map((file) => `.github/workflows/${file}`),
      ...readdirSync(join(root, '.github/actions')).map(
        (dir) => `.github/actions/${dir}/action.yml`,
      ),
    ];
    const setups = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return [
        ...text.matchAll(/uses: actions\/setup-node@[^\n]*\n\s+with:\n((?:\s{8,}.*\n)+)/g),
      ].map((match) => [file, load(match[1])] as const);
    });
    expect(setups.length).toBeGreaterThan(0);
    for (const [file, inputs] of setups)
      expect([file, inputs]).toEqual([
        file,
        expect.objectContaining({ 'node-version-file': '.node-version' }),
      ]);
    for (const file of files)
      expect([file, /node-version:/.test(readFileSync(join(root, file), 'utf8'))]).toEqual([
        file,
        false,
      ]);
  });
});

describe('the release', () => {
  it('the example a team copies depends on every library at the version being released', () => {
    const example = read('examples/platform-team/package.json');
    expect(LIBRARIES.map((lib) => example.dependencies?.[`@strata/${lib}`])).toEqual(
      LIBRARIES.map((lib) => read(`libs/${lib}/package.json`).version),
    );
  });

  it.each(LIBRARIES)('@strata/%s publishes to npm, public, with provenance', (lib) => {
    expect(read(`libs/${lib}/package.json`).publishConfig).toEqual({
      access: 'public',
      provenance: true,
      registry: 'https://registry.npmjs.org/',
    });
  });
});
