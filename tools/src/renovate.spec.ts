import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { prodAddons } from './charts/prod-addons';
import { loadToolchain } from './validate/toolchain';

// The dependency bot's config, checked twice: Renovate's own validator accepts it, and every
// pin in the repository is extracted by one of its managers (the custom managers' patterns are
// run here over the files they name, as Renovate runs them), so nothing is pinned where no
// update will ever come from.

const root = findWorkspaceRoot(__dirname);
const toolchain = loadToolchain();
const config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8')) as {
  enabledManagers: string[];
  osvVulnerabilityAlerts?: boolean;
  vulnerabilityAlerts?: Record<string, unknown>;
  customManagers: Array<{
    managerFilePatterns: string[];
    matchStrings: string[];
    depNameTemplate?: string;
    datasourceTemplate: string;
  }>;
};

function validate(dir: string): { status: number | null; output: string } {
  const validator = toolchain.renovate?.validator;
  if (!validator)
    throw new Error('no Renovate in the toolchain (node tools/toolchain/install.mjs)');
  const run = spawnSync(validator, ['--strict'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface Extracted {
  readonly file: string;
  readonly depName?: string;
  readonly currentValue: string;
  readonly registryUrl?: string;
  readonly datasource: string;
}

const trackedFiles = spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .stdout.split('\n')
  .filter(Boolean);

/** What the custom managers extract from the repository's files. */
function extracted(): Extracted[] {
  return config.customManagers.flatMap((manager) => {
    const files = trackedFiles.filter((file) =>
      manager.managerFilePatterns.some((pattern) => new RegExp(pattern.slice(1, -1)).test(file)),
    );
    return files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return manager.matchStrings.flatMap((source) =>
        [...text.matchAll(new RegExp(source, 'g'))].map((match) => {
          const groups = match.groups ?? {};
          return {
            file,
            depName:
              groups.depName ??
              manager.depNameTemplate?.replace(
                /\{\{\{(\w+)\}\}\}/g,
                (_, name: string) => groups[name] ?? '',
              ),
            currentValue: groups.currentValue,
            registryUrl: groups.registryUrl,
            datasource: manager.datasourceTemplate,
          };
        }),
      );
    });
  });
}

describe('Renovate', () => {
  const deps = extracted();

  it("passes Renovate's own config validator, which refuses a broken config", () => {
    const ok = validate(root);
    expect(ok.output).toContain('Config validated successfully');
    expect(ok.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'strata-renovate-'));
    writeFileSync(
      join(dir, 'renovate.json'),
      JSON.stringify({ ...config, enabledManagers: ['npm', 'no-such-manager'] }),
    );
    expect(validate(dir).status).not.toBe(0);
  });

  it('opens the fix of a vulnerable dependency at once, from GitHub advisories and OSV, for every manager', () => {
    // Renovate's validator (above) accepts these; here, that they are on and unscheduled.
    expect(config.osvVulnerabilityAlerts).toBe(true);
    expect(config.vulnerabilityAlerts).toMatchObject({ schedule: ['at any time'] });
    // And CI refuses a pull request whose production dependencies have a high advisory.
    const ci = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(ci).toMatch(/run: npm audit --omit=dev --audit-level=high/);
  });

  it('updates npm packages, GitHub Actions by digest, the Node version and the Go modules', () => {
    expect(config.enabledManagers).toEqual(
      expect.arrayContaining(['npm', 'github-actions', 'nodenv', 'gomod', 'custom.regex']),
    );
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const [name, version] of Object.entries({
      ...pkg.dependencies,
      ...pkg.devDependencies,
    }))
      expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+[\w.-]*$/);
    // The github-actions manager updates `uses: owner/repo@<sha> # vX` pins.
    const uses = trackedFiles
      .filter((file) => /^\.github\/.+\.ya?ml$/.test(file))
      .flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/uses: ([^\s]+)(.*)/g)].map((m) => ({
          file,
          ref: m[1],
          comment: m[2],
        })),
      )
      .filter(({ ref }) => !ref.startsWith('./'));
    expect(uses.length).toBeGreaterThan(0);
    for (const { file, ref, comment } of uses)
      expect(`${file}: ${ref}${comment}`).toMatch(/@[0-9a-f]{40} # v\d/);
    expect(trackedFiles).toEqual(expect.arrayContaining(['.node-version']));
    expect(trackedFiles.filter((file) => file.endsWith('go.mod')).length).toBeGreaterThan(0);
  });

  it('extracts every upstream chart the production add-ons install, at the version they pin', () => {
    const kubeTools = toolchain.kubeTools;
    if (!kubeTools) throw new Error('no kube tools in the toolchain');
    const { releases } = prodAddons(
      root,
      mkdtempSync(join(tmpdir(), 'strata-renovate-')),
      kubeTools,
    );
    const charts = releases.flatMap((release) =>
      release.chart.kind === 'repository' ? [release.chart] : [],
    );
    expect(charts.length).toBeGreaterThan(10);
    const missing = charts.filter(
      (chart) =>
        !deps.some(
          (dep) =>
            dep.currentValue === chart.version &&
            (dep.registryUrl === chart.repository ||
              `oci://${dep.depName?.split('/').slice(0, -1).join('/')}` === chart.repository),
        ),
    );
    expect(missing.map((chart) => `${chart.chart}@${chart.version}`)).toEqual([]);
  });

  it("extracts every pin of the toolchain's versions.json", () => {
    const versions = JSON.parse(readFileSync(join(root, 'tools/toolchain/versions.json'), 'utf8'));
    const pins: Array<{ name: string; version: string }> = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const entry = node as Record<string, unknown>;
      const name = entry.module ?? entry.package ?? entry.npmPackage ?? entry.artifactId;
      const version = entry.moduleVersion ?? entry.version;
      if (typeof name === 'string' && typeof version === 'string') pins.push({ name, version });
      Object.values(entry).forEach(walk);
    };
    walk(versions);
    expect(pins.length).toBeGreaterThan(10);
    const missing = pins.filter(
      (pin) =>
        !deps.some(
          (dep) =>
            dep.file === 'tools/toolchain/versions.json' &&
            dep.currentValue === pin.version &&
            (pin.name.startsWith(dep.depName ?? '\0') || dep.depName?.endsWith(`:${pin.name}`)),
        ),
    );
    expect(missing).toEqual([]);
  });
});
