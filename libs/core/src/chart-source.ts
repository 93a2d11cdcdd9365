import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Where upstream Helm charts and release manifests come from, for the chart check and for the
 * manifests a stack bundles (the Gateway API CRDs):
 *
 * - `STRATA_CHART_MIRROR`: a Helm repository directory (`index.yaml` plus `.tgz` archives), as
 *   an air-gapped runner has. `.ci/run` points it at `../shared/helm-charts/charts`.
 * - `STRATA_MANIFEST_MIRROR`: a directory of release manifests, `<name>-<version>/<file>`.
 * - Neither set: charts are pulled with `helm pull` from the chart's own repository, and
 *   manifests downloaded from their release URL, into `~/.cache/strata/` (once per version),
 *   as a user with internet would.
 */
export const CHART_MIRROR_ENV = 'STRATA_CHART_MIRROR';
/** The variable naming a directory that holds upstream release manifests (see above). */
export const MANIFEST_MIRROR_ENV = 'STRATA_MANIFEST_MIRROR';

/** A chart in a Helm repository, at one exact version. */
export interface ChartReference {
  /** The chart's name. */
  readonly chart: string;
  /** The repository's URL (`https://` or `oci://`). */
  readonly repository: string;
  /** The exact version. */
  readonly version: string;
}

/** One file of an upstream release, e.g. the Gateway API's `standard-install.yaml`. */
export interface ManifestReference {
  /** Name and version form the mirror directory `<name>-<version>`. */
  readonly name: string;
  /** The release's version. */
  readonly version: string;
  /** The file's name in the release. */
  readonly file: string;
  /** Where users with internet download it from. */
  readonly url: string;
}

/** Where a chart or manifest was found, for reports. */
export interface ResolvedArtifact {
  /** Where it is on this machine. */
  readonly path: string;
  /** Where it came from: the mirror, the cache or the download. */
  readonly source: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** `~/.cache/strata` unless `STRATA_CACHE_DIR` names another directory. */
export function strataCacheDir(env: Environment = process.env): string {
  return env.STRATA_CACHE_DIR ?? join(homedir(), '.cache', 'strata');
}

function slug(url: string): string {
  return url
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .replace(/_+$/, '');
}

interface IndexEntry {
  readonly version?: string;
  readonly urls?: readonly string[];
}

/** The archive of `reference` in a mirror directory, found through its `index.yaml`. */
function fromChartMirror(reference: ChartReference, mirror: string): ResolvedArtifact {
  const indexFile = join(mirror, 'index.yaml');
  if (!existsSync(indexFile)) {
    throw new Error(
      `${CHART_MIRROR_ENV}=${mirror} is not a Helm repository directory: ${indexFile} is missing`,
    );
  }
  const index = parse(readFileSync(indexFile, 'utf8')) as {
    entries?: Record<string, readonly IndexEntry[]>;
  };
  const entry = (index.entries?.[reference.chart] ?? []).find(
    (candidate) => candidate.version === reference.version,
  );
  const url = entry?.urls?.[0];
  if (!url) {
    throw new Error(
      `Chart ${reference.chart} ${reference.version} (repository ${reference.repository}) is not in the chart mirror ${CHART_MIRROR_ENV}=${mirror}; add it there, or unset ${CHART_MIRROR_ENV} to pull it from the repository`,
    );
  }
  const path = resolve(mirror, url);
  if (!existsSync(path)) {
    throw new Error(
      `Chart ${reference.chart} ${reference.version} (repository ${reference.repository}): the chart mirror ${CHART_MIRROR_ENV}=${mirror} lists ${url} in its index.yaml, which does not exist`,
    );
  }
  return { path, source: `mirror ${mirror}` };
}

/**
 * The local archive of a repository chart: from the mirror when `STRATA_CHART_MIRROR` is set,
 * otherwise from the cache, pulled with `helm pull` on first use. A chart found in neither is
 * an error naming chart, version, repository and the setting.
 */
export function resolveChartArchive(
  reference: ChartReference,
  helm: string,
  env: Environment = process.env,
): ResolvedArtifact {
  const mirror = env[CHART_MIRROR_ENV];
  if (mirror) return fromChartMirror(reference, resolve(mirror));
  const dir = join(strataCacheDir(env), 'charts', slug(reference.repository));
  const path = join(dir, `${reference.chart}-${reference.version}.tgz`);
  if (existsSync(path)) return { path, source: `cache ${dir}` };
  const staging = join(dir, `.pull-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  try {
    execFileSync(
      helm,
      [
        'pull',
        // An OCI registry names the chart in the reference; a classic repository takes --repo.
        ...(reference.repository.startsWith('oci://')
          ? [`${reference.repository}/${reference.chart}`]
          : [reference.chart, '--repo', reference.repository]),
        '--version',
        reference.version,
        '--destination',
        staging,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(
      `Chart ${reference.chart} ${reference.version} (repository ${reference.repository}) could not be pulled (${detail}); set ${CHART_MIRROR_ENV} to a Helm repository directory that holds it`,
    );
  }
  renameSync(join(staging, `${reference.chart}-${reference.version}.tgz`), path);
  return { path, source: `pulled from ${reference.repository} into ${dir}` };
}

/** Where `reference` is or will be: in the manifest mirror, or in the cache. */
export function manifestPath(reference: ManifestReference, env: Environment = process.env): string {
  const mirror = env[MANIFEST_MIRROR_ENV];
  const base = mirror
    ? resolve(mirror)
    : join(strataCacheDir(env), 'manifests', `${reference.name}`);
  return mirror
    ? join(base, `${reference.name}-${reference.version}`, reference.file)
    : join(base, reference.version, reference.file);
}

/**
 * Makes sure a release manifest is on disk: in the mirror when `STRATA_MANIFEST_MIRROR` is
 * set (an error names it when the file is missing), otherwise downloaded into the cache on
 * first use.
 */
export async function fetchManifest(
  reference: ManifestReference,
  env: Environment = process.env,
): Promise<ResolvedArtifact> {
  const path = manifestPath(reference, env);
  const mirror = env[MANIFEST_MIRROR_ENV];
  if (existsSync(path)) return { path, source: mirror ? `mirror ${mirror}` : 'cache' };
  if (mirror) {
    throw new Error(
      `Manifest ${reference.name} ${reference.version} (${reference.file}) is not in the manifest mirror ${MANIFEST_MIRROR_ENV}=${mirror} (expected ${path}); add it there, or unset ${MANIFEST_MIRROR_ENV} to download it from ${reference.url}`,
    );
  }
  let text: string;
  try {
    const response = await fetch(reference.url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new Error(
      `Manifest ${reference.name} ${reference.version} could not be downloaded from ${reference.url} (${(error as Error).message}); set ${MANIFEST_MIRROR_ENV} to a directory holding ${reference.name}-${reference.version}/${reference.file}`,
    );
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
  return { path, source: `downloaded from ${reference.url}` };
}
