/** A synthesized stack's resources and data sources, as cdk.tf.json holds them. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** What an emulator run of a stack with unsupported resources applies, and what it leaves out. */
export interface PartialTargets {
  /** Resource addresses to `-target`: everything the emulator can create. */
  readonly targets: string[];
  /** The unsupported resources and everything that needs them, transitively. */
  readonly excluded: string[];
}

/**
 * Splits a stack for the emulator: a resource (or data source, `data.<type>`) of an unsupported
 * type is left out, and so is
 * every resource or data source that references one (through an expression or
 * `depends_on`), transitively. So is whatever reads an upstream output the upstream run did
 * not produce (`absentOutputs`: `data.terraform_remote_state.<name>.outputs.<output>`), because
 * that stack was itself applied in part, and whatever but a Helm release reads one of
 * `absentOutsideHelm` (outputs the releases get a placeholder for). The engine adds the
 * targets' own dependencies itself.
 */
export function partialTargets(
  json: StackJson,
  unsupportedTypes: ReadonlySet<string>,
  absentOutputs: ReadonlySet<string> = new Set(),
  absentOutsideHelm: ReadonlySet<string> = new Set(),
): PartialTargets {
  const bodies = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const [name, body] of Object.entries(byName)) bodies.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries(json.data ?? {}))
    for (const [name, body] of Object.entries(byName)) bodies.set(`data.${type}.${name}`, body);

  // Who references whom: every known address that appears in a body.
  const referencedBy = new Map<string, Set<string>>();
  const addressPattern = /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/g;
  for (const [address, body] of bodies) {
    for (const match of JSON.stringify(body).match(addressPattern) ?? []) {
      if (match === address || !bodies.has(match)) continue;
      if (!referencedBy.has(match)) referencedBy.set(match, new Set());
      referencedBy.get(match)!.add(address);
    }
  }

  const excluded = new Set<string>();
  // A data source type is named `data.<type>`, as its addresses are.
  const queue = [...bodies.keys()].filter(
    (address) =>
      unsupportedTypes.has(address.slice(0, address.lastIndexOf('.'))) ||
      remoteOutputReferences(bodies.get(address)).some(
        (ref) =>
          absentOutputs.has(ref) ||
          (absentOutsideHelm.has(ref) && !address.startsWith('helm_release.')),
      ),
  );
  while (queue.length > 0) {
    const address = queue.pop()!;
    if (excluded.has(address)) continue;
    excluded.add(address);
    queue.push(...(referencedBy.get(address) ?? []));
  }
  const resources = [...bodies.keys()].filter((address) => !address.startsWith('data.'));
  return {
    targets: resources.filter((address) => !excluded.has(address)).sort(),
    excluded: [...excluded].filter((address) => !address.startsWith('data.')).sort(),
  };
}

/** Every `data.terraform_remote_state.<name>.outputs.<output>` a body (or a whole stack) reads. */
export function remoteOutputReferences(body: unknown): string[] {
  const pattern = /data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_]+/g;
  return [...new Set(JSON.stringify(body ?? null).match(pattern) ?? [])];
}
