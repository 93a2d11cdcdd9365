import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { Manifest } from './crd-schemas';

/** A checked release as the Application rule sees it: where its chart is, what values it got. */
export interface CheckedSource {
  readonly release: string;
  readonly namespace: string;
  /** The chart directory of a bundled (repository) chart. */
  readonly chartDir?: string;
  readonly values: Record<string, unknown>;
  readonly objects: readonly Manifest[];
}

interface ApplicationSpec {
  readonly source?: {
    readonly repoURL?: string;
    readonly path?: string;
    readonly chart?: string;
    readonly helm?: { readonly valuesObject?: Record<string, unknown> };
  };
  readonly destination?: { readonly namespace?: string };
}

/**
 * Every Argo CD Application a release renders must be one the check renders too: its source
 * path a chart of this repository, rendered into the same namespace with exactly the values
 * the Application carries. Otherwise what Argo CD would install was never checked.
 */
export function applicationSourceProblems(
  releases: readonly CheckedSource[],
  repoRoot: string,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  for (const owner of releases) {
    for (const object of owner.objects) {
      if (object.kind !== 'Application' || !object.apiVersion?.startsWith('argoproj.io/')) continue;
      const spec = (object as { spec?: ApplicationSpec }).spec ?? {};
      const name = object.metadata?.name ?? '?';
      const report = (message: string) =>
        problems.set(owner.release, [...(problems.get(owner.release) ?? []), message]);
      const path = spec.source?.path;
      if (!path) {
        report(
          `Application ${name} has no source path in this repository (chart ${spec.source?.chart ?? 'none'}): nothing here renders what it installs`,
        );
        continue;
      }
      const dir = resolve(repoRoot, path);
      const namespace = spec.destination?.namespace ?? '';
      const values = spec.source?.helm?.valuesObject ?? {};
      const checked = releases.find(
        (release) =>
          release.chartDir === dir &&
          release.namespace === namespace &&
          isDeepStrictEqual(release.values, values),
      );
      if (!checked) {
        report(
          `Application ${name} installs ${path} into ${namespace || 'no namespace'} with values no checked rendering used: the check never rendered what Argo CD would`,
        );
      } else if (checked.objects.length === 0) {
        report(`Application ${name}: ${path} renders no objects`);
      }
    }
  }
  return problems;
}
