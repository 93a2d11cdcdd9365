import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** Where a release's chart comes from. */
export type ReleaseChart =
  /** A project chart, bundled into the synthesized stack as an asset directory. */
  | { readonly kind: 'bundled'; readonly name: string; readonly dir: string }
  /** An upstream chart from a Helm repository, at an exact version. */
  | {
      readonly kind: 'repository';
      readonly chart: string;
      readonly repository: string;
      readonly version: string;
    };

/** One Helm installation a synthesized stack implies, with exactly the values it passes. */
export interface HelmReleaseSpec {
  readonly stack: string;
  /** Release name; the app-of-apps rendering is `<root release>/<application>`. */
  readonly release: string;
  readonly namespace: string;
  readonly chart: ReleaseChart;
  readonly values: Record<string, unknown>;
  /** The release leaves its chart's `crds/` to another release. */
  readonly skipCrds?: boolean;
  /** The installation creates its namespace (`create_namespace`). */
  readonly createsNamespace?: boolean;
  /** An Argo CD Application's source path in this repository, for messages. */
  readonly argoCdSource?: string;
  /**
   * The releases Terraform installs before this one (its `depends_on`); none for what Argo CD
   * syncs, which retries until what it needs exists.
   */
  readonly waitsFor?: readonly string[];
}

interface HelmReleaseJson {
  readonly name: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  readonly namespace?: string;
  readonly values?: string[];
  readonly skip_crds?: boolean;
  readonly create_namespace?: boolean;
  readonly depends_on?: string[];
}

/** One Application the app-of-apps chart declares (`applications` of its values). */
interface ChildApplication {
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
  readonly values?: Record<string, unknown>;
}

interface RootApplication {
  readonly namespace?: string;
  readonly source?: {
    readonly path?: string;
    readonly helm?: { readonly valuesObject?: Record<string, unknown> };
  };
}

const BUNDLED_CHART = /^assets\/chart-([a-z0-9-]+)\//;

/** What Terraform makes of a string's template escapes: `$${` is a literal `${`, `%%{` a `%{`. */
function terraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Argo CD's root Application installs this project chart from the GitOps repository. */
export const APP_OF_APPS_PATH = 'charts/argocd-apps';

/**
 * Every Helm installation of a synthesized stack: each helm_release, plus the app-of-apps
 * chart that the Argo CD root Application installs with the values it carries. Values come
 * from the stack itself, so the checks see exactly what would be installed.
 */
export function helmReleases(
  stack: string,
  stackDir: string,
  /** The repository's charts/, for the app-of-apps chart Argo CD reads from git. */
  chartsDir: string,
): HelmReleaseSpec[] {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: { helm_release?: Record<string, HelmReleaseJson> };
  };
  const releases: HelmReleaseSpec[] = [];
  const helmReleasesById = json.resource?.helm_release ?? {};
  for (const release of Object.values(helmReleasesById)) {
    const waitsFor = (release.depends_on ?? []).flatMap((dependency) => {
      const [type, id] = dependency.split('.');
      const other = type === 'helm_release' ? helmReleasesById[id] : undefined;
      return other ? [other.name] : [];
    });
    const values = (release.values ?? []).reduce<Record<string, unknown>>(
      (merged, document) => ({
        ...merged,
        ...(parse(terraformLiteral(document)) as Record<string, unknown>),
      }),
      {},
    );
    const namespace = release.namespace ?? 'default';
    const createsNamespace = release.create_namespace === true;
    const bundled = BUNDLED_CHART.exec(release.chart);
    if (bundled) {
      const dir = join(stackDir, release.chart);
      if (!existsSync(dir))
        throw new Error(`${stack}: ${release.name} bundles ${dir}, which is missing`);
      releases.push({
        stack,
        release: release.name,
        namespace,
        chart: { kind: 'bundled', name: bundled[1], dir },
        values,
        createsNamespace,
        waitsFor,
      });
    } else {
      if (!release.repository || !release.version) {
        throw new Error(
          `${stack}: release ${release.name} names no repository and version for chart ${release.chart}`,
        );
      }
      releases.push({
        stack,
        release: release.name,
        namespace,
        chart: {
          kind: 'repository',
          chart: release.chart,
          repository: release.repository,
          version: release.version,
        },
        values,
        skipCrds: release.skip_crds === true,
        createsNamespace,
        waitsFor,
      });
    }
    const applications = (values.applications ?? {}) as Record<string, RootApplication>;
    for (const [name, application] of Object.entries(applications)) {
      if (application.source?.path !== APP_OF_APPS_PATH) continue;
      const appOfApps = application.source.helm?.valuesObject ?? {};
      releases.push({
        stack,
        release: `${release.name}/${name}`,
        namespace: application.namespace ?? namespace,
        chart: { kind: 'bundled', name: 'argocd-apps', dir: join(chartsDir, 'argocd-apps') },
        values: appOfApps,
      });
      // What Argo CD then renders from git for each Application the app-of-apps declares.
      const repoRoot = dirname(chartsDir);
      for (const child of (appOfApps.applications ?? []) as ChildApplication[]) {
        const dir = resolve(repoRoot, child.path);
        const inside = !relative(repoRoot, dir).startsWith('..');
        releases.push({
          stack,
          release: `${release.name}/${name}/${child.name}`,
          namespace: child.namespace,
          chart: {
            kind: 'bundled',
            name: basename(child.path),
            dir: inside ? dir : join(repoRoot, '.outside-the-repository'),
          },
          values: child.values ?? {},
          argoCdSource: child.path,
        });
      }
    }
  }
  return releases;
}
