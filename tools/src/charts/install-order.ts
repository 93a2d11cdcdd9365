import { definedKinds, isCrd, Manifest } from './crd-schemas';

/** A release Terraform installs, with what it waits for and what it renders. */
export interface OrderedRelease {
  readonly release: string;
  /** The releases its helm_release depends on (Terraform installs them first). */
  readonly waitsFor: readonly string[];
  readonly objects: readonly Manifest[];
}

/**
 * Custom resources a release creates whose kind only a release it does not wait for defines:
 * Helm would install it before that CRD exists ("no matches for kind"), the atomic release
 * would roll back and the apply fail on a fresh cluster, though it passes on one that has
 * everything already. Returns a message per problem, by release.
 */
export function installOrderProblems(releases: readonly OrderedRelease[]): Map<string, string[]> {
  const definers = new Map<string, string[]>();
  for (const { release, objects } of releases)
    for (const kind of definedKinds(objects.filter(isCrd)))
      definers.set(kind, [...(definers.get(kind) ?? []), release]);
  const byName = new Map(releases.map((release) => [release.release, release]));
  const before = (name: string, seen = new Set<string>()): Set<string> => {
    for (const dependency of byName.get(name)?.waitsFor ?? [])
      if (!seen.has(dependency)) {
        seen.add(dependency);
        before(dependency, seen);
      }
    return seen;
  };
  const problems = new Map<string, string[]>();
  for (const { release, objects } of releases) {
    const installed = new Set([release, ...before(release)]);
    const messages = new Set<string>();
    for (const object of objects) {
      const kind = `${object.apiVersion}/${object.kind}`;
      const from = definers.get(kind);
      if (!from || from.some((definer) => installed.has(definer))) continue;
      messages.add(
        `creates ${object.kind} (${object.apiVersion}), whose CRD comes from ${from.join(' or ')}, which this release does not wait for: on a fresh cluster Helm would find no such kind`,
      );
    }
    if (messages.size > 0) problems.set(release, [...messages]);
  }
  return problems;
}
