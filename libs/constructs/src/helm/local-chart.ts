import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot } from '@strata/config';
import { BundledChart } from './helm-addon';

/**
 * One of the project's own charts (`charts/<name>`), copied into the synthesized stack so
 * the plan carries exactly the chart it was synthesized with, at its Chart.yaml version.
 */
export function localChart(
  scope: Construct,
  name: string,
  chartsDir = defaultChartsDir(),
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
  const asset = new TerraformAsset(scope, `chart-${name}`, {
    path: dir,
    type: AssetType.DIRECTORY,
  });
  return { chart: asset.path, version };
}

export function defaultChartsDir(): string {
  return join(findWorkspaceRoot(__dirname), 'charts');
}
