import { Construct } from 'constructs';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { DirectoryAsset } from '../assets/directory-asset';
import { BundledChart } from './helm-addon';

/**
 * One of the project's own charts (`charts/<name>`), copied into the synthesized stack so
 * the plan carries exactly the chart it was synthesized with, at its Chart.yaml version.
 * The charts ship with the package (`@strata/constructs/charts`); `chartsDir` points at
 * another copy.
 */
export function localChart(
  scope: Construct,
  name: string,
  chartsDir = defaultChartsDir(name),
): BundledChart {
  const dir = join(chartsDir, name);
  let version: unknown;
  try {
    version = (parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { version?: unknown })
      .version;
  } catch (error) {
    throw new Error(
      `Chart "${name}": cannot read ${join(dir, 'Chart.yaml')} (${(error as Error).message})`,
    );
  }
  if (typeof version !== 'string') {
    throw new Error(`Chart "${name}": ${join(dir, 'Chart.yaml')} has no version`);
  }
  const asset = new DirectoryAsset(scope, `chart-${name}`, { path: dir });
  return { chart: asset.path, version };
}

/**
 * The nearest `charts/` directory above this module that holds the chart: the package's
 * own assets once installed, the repository's `charts/` when run from source or a bundle.
 */
export function defaultChartsDir(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'charts', name, 'Chart.yaml'))) return join(dir, 'charts');
    if (dirname(dir) === dir) {
      throw new Error(
        `Chart "${name}": no charts/${name}/Chart.yaml above ${__dirname}; pass chartsDir`,
      );
    }
  }
}
