import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot } from '@strata/config';
import { PLATFORM_LABELS } from '@strata/constructs/vocabulary';
import { synthesizedStacks } from '../synthesized-stacks';
import { loadToolchain } from '../validate/toolchain';
import { helmReleases } from './helm-releases';
import { renderRelease } from './render';

// The project's charts, as the addons stack installs them, rendered by real helm under a
// team's own name: no object may still spell the platform's.
const { kubeTools } = loadToolchain();
const root = findWorkspaceRoot(__dirname);
const chartsDir = join(root, 'charts');
const TEAM = 'payments';

/** Every string in `value` with the platform's name replaced by the team's. */
function renamed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/strata/g, TEAM);
  if (Array.isArray(value)) return value.map(renamed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [renamed(key), renamed(v)]));
  return value;
}

// The production stack of the primary region installs every project chart (and the
// app-of-apps renders the component chart for each component).
const stack = synthesizedStacks(root, 'cluster').find(
  ({ stack: name }) => name === 'addons-prod-us-east-1',
);
const projectReleases = stack
  ? helmReleases(stack.stack, stack.stackDir, chartsDir).filter(
      (release) => release.chart.kind === 'bundled',
    )
  : [];
const chartOf = (release: (typeof projectReleases)[number]) =>
  release.chart.kind === 'bundled' ? release.chart : { name: '', dir: '' };

describe("the platform's labels in the packaged charts", () => {
  it('every project chart is installed by the production addons stack', () => {
    const charts = readdirSync(chartsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const installed = projectReleases.map((release) => chartOf(release).name);
    expect(installed).toEqual(expect.arrayContaining(charts));
  });

  it.each(readdirSync(chartsDir).filter((name) => !name.endsWith('.md')))(
    "%s: its values.yaml labels are PLATFORM_LABELS'",
    (chart) => {
      const { labels } = parse(readFileSync(join(chartsDir, chart, 'values.yaml'), 'utf8')) as {
        labels: Record<string, string>;
      };
      const platform: Record<string, string> = PLATFORM_LABELS;
      expect(Object.keys(labels).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(labels))
        expect([key, value]).toEqual([key, platform[key]]);
    },
  );

  it.each(projectReleases.map((release) => [release.release, release] as const))(
    "%s under a team's own name: no object spells the platform's",
    (_, release) => {
      if (!kubeTools) throw new Error('no chart tools');
      const objects = renderRelease({
        helm: kubeTools.helm,
        release: release.release,
        chart: chartOf(release).dir,
        namespace: release.namespace,
        values: renamed(release.values) as Record<string, unknown>,
        kubernetesVersion: '1.34',
        apiVersions: [],
        workDir: mkdtempSync(join(tmpdir(), 'strata-labels-')),
      }).objects.map((object) => object.manifest);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        const partOf = object.metadata?.labels?.['app.kubernetes.io/part-of'];
        if (partOf !== undefined) expect([object.kind, partOf]).toEqual([object.kind, TEAM]);
      }
      expect(JSON.stringify(objects)).not.toMatch(/strata/);
    },
  );
});
