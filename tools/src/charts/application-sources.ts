import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { Manifest } from './crd-schemas';
import { isNamespaced } from './namespaces';

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
  readonly project?: string;
  readonly source?: {
    readonly repoURL?: string;
    readonly path?: string;
    readonly chart?: string;
    readonly helm?: { readonly valuesObject?: Record<string, unknown> };
  };
  readonly destination?: { readonly namespace?: string };
}

interface GroupKind {
  readonly group?: string;
  readonly kind?: string;
}

interface AppProjectSpec {
  readonly sourceRepos?: readonly string[];
  readonly destinations?: ReadonlyArray<{ readonly namespace?: string }>;
  readonly clusterResourceWhitelist?: readonly GroupKind[];
  readonly namespaceResourceBlacklist?: readonly GroupKind[];
}

const groupOf = (object: Manifest) =>
  object.apiVersion?.includes('/') ? object.apiVersion.split('/')[0] : '';

/** Argo CD's glob match of a project's group or kind pattern (`*` matches anything). */
function globMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return false;
  const regex = new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
  return regex.test(value);
}

/**
 * What Argo CD's project refuses of a rendering: a source repository or destination namespace
 * it does not list, a cluster-scoped object it does not whitelist, a blacklisted kind.
 */
function projectRefusals(
  project: AppProjectSpec,
  repoUrl: string | undefined,
  namespace: string,
  objects: readonly Manifest[],
  clusterScopedCustom: ReadonlySet<string>,
): string[] {
  const refusals: string[] = [];
  if (!(project.sourceRepos ?? []).some((repo) => repo === '*' || repo === repoUrl)) {
    refusals.push(`its project does not list the source repository ${repoUrl}`);
  }
  if (
    !(project.destinations ?? []).some((destination) =>
      globMatches(destination.namespace, namespace),
    )
  ) {
    refusals.push(`its project has no destination for namespace ${namespace}`);
  }
  for (const object of objects) {
    const what = `${object.kind}/${object.metadata?.name}`;
    const rule = (list: readonly GroupKind[] | undefined) =>
      (list ?? []).some(
        (entry) =>
          globMatches(entry.group, groupOf(object)) && globMatches(entry.kind, object.kind ?? ''),
      );
    if (!isNamespaced(object, clusterScopedCustom)) {
      if (!rule(project.clusterResourceWhitelist))
        refusals.push(`${what} is cluster-scoped, which its project does not whitelist`);
    } else if (rule(project.namespaceResourceBlacklist)) {
      refusals.push(`${what} is a kind its project blacklists`);
    } else if (object.metadata?.namespace && object.metadata.namespace !== namespace) {
      refusals.push(
        `${what} goes to namespace ${object.metadata.namespace}, not the destination ${namespace}`,
      );
    }
  }
  return refusals;
}

/**
 * Every Argo CD Application a release renders must be one the check renders too: its source
 * path a chart of this repository, rendered into the same namespace with exactly the values
 * the Application carries. Otherwise what Argo CD would install was never checked.
 */
export function applicationSourceProblems(
  releases: readonly CheckedSource[],
  repoRoot: string,
  /** Cluster-scoped kinds of the stack's CRDs. */
  clusterScopedCustom: ReadonlySet<string> = new Set(),
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const projects = new Map(
    releases
      .flatMap((release) => release.objects)
      .filter((object) => object.kind === 'AppProject')
      .map((object) => [object.metadata?.name ?? '', (object.spec ?? {}) as AppProjectSpec]),
  );
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
      } else if (spec.project && spec.project !== 'default') {
        // Argo CD refuses to sync what the Application's project does not permit.
        const project = projects.get(spec.project);
        if (!project) {
          report(
            `Application ${name} belongs to project ${spec.project}, which no release renders`,
          );
        } else {
          for (const refusal of projectRefusals(
            project,
            spec.source?.repoURL,
            namespace,
            checked.objects,
            clusterScopedCustom,
          )) {
            report(`Application ${name}: ${refusal}`);
          }
        }
      }
    }
  }
  return problems;
}
