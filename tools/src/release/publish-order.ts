/** What the release reads of a packaged library's package.json. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly publishConfig?: { readonly registry?: string; readonly access?: string };
}

/**
 * The order to publish the libraries in: each after the siblings it depends on, so an install
 * that starts while a release is under way never finds a package whose sibling is missing.
 * Throws on a dependency cycle, naming it.
 */
export function publishOrder(manifests: readonly PackageManifest[]): PackageManifest[] {
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const ordered: PackageManifest[] = [];
  const visiting: string[] = [];
  const visit = (manifest: PackageManifest): void => {
    if (ordered.includes(manifest)) return;
    if (visiting.includes(manifest.name))
      throw new Error(
        `the libraries depend on each other in a cycle: ${[...visiting.slice(visiting.indexOf(manifest.name)), manifest.name].join(' -> ')}`,
      );
    visiting.push(manifest.name);
    for (const dependency of Object.keys(manifest.dependencies ?? {}).sort()) {
      const sibling = byName.get(dependency);
      if (sibling) visit(sibling);
    }
    visiting.pop();
    ordered.push(manifest);
  };
  for (const manifest of [...manifests].sort((a, b) => a.name.localeCompare(b.name)))
    visit(manifest);
  return ordered;
}

/**
 * Sibling dependencies a release would publish unsatisfiable: each library must depend on its
 * siblings at exactly the version being released with it (changesets' fixed group).
 */
export function siblingMismatches(manifests: readonly PackageManifest[]): string[] {
  const versions = new Map(manifests.map((manifest) => [manifest.name, manifest.version]));
  return manifests.flatMap((manifest) =>
    Object.entries(manifest.dependencies ?? {})
      .filter(([name, range]) => versions.has(name) && range !== versions.get(name))
      .map(
        ([name, range]) =>
          `${manifest.name}@${manifest.version} depends on ${name}@${range}, but the release holds ${name}@${versions.get(name)}`,
      ),
  );
}
