import { minVersion } from 'semver';

/** The two ends of the libraries' peer ranges that the consumer check installs. */
export type PeerBound = 'lowest' | 'highest';

/** Every peer the libraries name, with its range (the packages spec keeps them equal). */
export function peerRanges(
  packages: ReadonlyArray<{ readonly peerDependencies?: Readonly<Record<string, string>> }>,
): Record<string, string> {
  const ranges: Record<string, string> = {};
  for (const pkg of packages) Object.assign(ranges, pkg.peerDependencies);
  return ranges;
}

/**
 * What `npm install` is given for each peer at one end of its range: the lowest version the
 * range allows, or the range itself (npm resolves it to the highest published version).
 */
export function peerInstallSpecs(
  ranges: Readonly<Record<string, string>>,
  bound: PeerBound,
): string[] {
  return Object.entries(ranges).map(([name, range]) => {
    if (bound === 'highest') return `${name}@${range}`;
    const lowest = minVersion(range);
    if (!lowest) throw new Error(`${name}: peer range "${range}" allows no version`);
    return `${name}@${lowest.version}`;
  });
}

/**
 * A TypeScript configuration that type-checks the libraries' sources against the peers
 * installed in `peerModules` (a node_modules directory) instead of the workspace's: each peer
 * and cdktf and constructs resolve there, so the bindings' types meet one copy of cdktf.
 */
export function sourcesAgainstPeers(options: {
  readonly base: string;
  readonly basePaths: Readonly<Record<string, readonly string[]>>;
  readonly peerModules: string;
  readonly peers: readonly string[];
  readonly sources: readonly string[];
  readonly excluded: readonly string[];
}): object {
  const paths: Record<string, string[]> = Object.fromEntries(
    Object.entries(options.basePaths).map(([name, targets]) => [name, [...targets]]),
  );
  for (const peer of options.peers) {
    paths[peer] = [`${options.peerModules}/${peer}`];
    paths[`${peer}/*`] = [`${options.peerModules}/${peer}/*`];
  }
  return {
    extends: options.base,
    compilerOptions: { noEmit: true, paths },
    include: options.sources,
    exclude: options.excluded,
  };
}
