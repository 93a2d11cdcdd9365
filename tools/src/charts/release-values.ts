import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One rendering of a project chart: which chart, with what values, for which stack. */
export interface ChartRendering {
  readonly stack: string;
  readonly chart: string;
  /** Path of the chart directory inside the workspace. */
  readonly chartDir: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

interface HelmReleaseJson {
  readonly name: string;
  readonly chart: string;
  readonly namespace?: string;
  readonly values?: string[];
}

const BUNDLED_CHART = /^assets\/chart-([a-z0-9-]+)\//;
/** Argo CD's root Application passes these values to the app-of-apps chart. */
const APP_OF_APPS = 'argocd-apps';

/**
 * The project-chart renderings a synthesized stack implies: every helm_release of a chart
 * bundled from `charts/`, plus the app-of-apps values inside the Argo CD root Application.
 * Values come from the stack itself, so the checks see exactly what would be installed.
 */
export function chartRenderings(
  stack: string,
  stackDir: string,
  chartsDir: string,
): ChartRendering[] {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: { helm_release?: Record<string, HelmReleaseJson> };
  };
  const renderings: ChartRendering[] = [];
  for (const release of Object.values(json.resource?.helm_release ?? {})) {
    const values = (release.values ?? []).reduce<Record<string, unknown>>(
      (merged, document) => ({ ...merged, ...(parse(document) as Record<string, unknown>) }),
      {},
    );
    const bundled = BUNDLED_CHART.exec(release.chart);
    if (bundled) {
      renderings.push({
        stack,
        chart: bundled[1],
        chartDir: join(chartsDir, bundled[1]),
        namespace: release.namespace ?? 'default',
        values,
      });
    }
    const applications = (values.applications ?? {}) as Record<
      string,
      {
        namespace?: string;
        source?: { path?: string; helm?: { valuesObject?: Record<string, unknown> } };
      }
    >;
    for (const application of Object.values(applications)) {
      if (application.source?.path === `charts/${APP_OF_APPS}`) {
        renderings.push({
          stack,
          chart: APP_OF_APPS,
          chartDir: join(chartsDir, APP_OF_APPS),
          namespace: application.namespace ?? 'argocd',
          values: application.source.helm?.valuesObject ?? {},
        });
      }
    }
  }
  return renderings;
}
