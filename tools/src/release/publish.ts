import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageManifest, publishOrder, siblingMismatches } from './publish-order';

export interface PublishOptions {
  /** Packaged libraries, each a directory with its package.json (dist/libs/<lib>). */
  readonly packageDirs: readonly string[];
  /** Where to publish. @default each package's publishConfig.registry */
  readonly registry?: string;
  /** Attach a provenance statement (needs a CI's OIDC token, so not on a laptop or loopback). */
  readonly provenance: boolean;
  /** Tag the released versions in git (`changeset git-tag`). */
  readonly tag: boolean;
  readonly cwd: string;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npmRun(args: readonly string[], cwd: string): { status: number; out: string } {
  const run = spawnSync(npm, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}`.trim() };
}

/** Whether the registry already holds this exact version (a re-run publishes the rest only). */
function isPublished(
  manifest: PackageManifest,
  registry: string | undefined,
  cwd: string,
): boolean {
  const view = npmRun(
    [
      'view',
      `${manifest.name}@${manifest.version}`,
      'version',
      ...(registry ? ['--registry', registry] : []),
    ],
    cwd,
  );
  if (view.status === 0) return view.out === manifest.version;
  if (/E404|404 Not Found|no such package/i.test(view.out)) return false;
  throw new Error(`npm view ${manifest.name}@${manifest.version} failed:\n${view.out}`);
}

/**
 * Publishes every library version the registry does not hold, siblings first; returns what it
 * published. Refuses, before publishing anything, a release whose libraries name each other
 * at other versions than the ones released.
 */
export function publishLibraries(options: PublishOptions): PackageManifest[] {
  const manifests = options.packageDirs.map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest,
  }));
  const mismatches = siblingMismatches(manifests.map(({ manifest }) => manifest));
  if (mismatches.length > 0) throw new Error(mismatches.join('\n'));
  const dirOf = new Map(manifests.map(({ dir, manifest }) => [manifest, dir]));
  const published: PackageManifest[] = [];
  for (const manifest of publishOrder(manifests.map((entry) => entry.manifest))) {
    const registry = options.registry ?? manifest.publishConfig?.registry;
    if (isPublished(manifest, registry, options.cwd)) {
      console.log(`${manifest.name}@${manifest.version}: already published`);
      continue;
    }
    const publish = npmRun(
      [
        'publish',
        dirOf.get(manifest) as string,
        ...(registry ? ['--registry', registry] : []),
        `--provenance=${options.provenance}`,
      ],
      options.cwd,
    );
    if (publish.status !== 0)
      throw new Error(`npm publish ${manifest.name}@${manifest.version} failed:\n${publish.out}`);
    console.log(`${manifest.name}@${manifest.version}: published to ${registry ?? 'npm'}`);
    published.push(manifest);
  }
  if (options.tag && published.length > 0) {
    // Tags each package's version; with CHANGESETS_OUTPUT set (changesets/action v2) it also
    // reports the tags, which the action pushes and makes GitHub releases of.
    const tag = npmRun(['exec', '--no', '--', 'changeset', 'git-tag'], options.cwd);
    if (tag.status !== 0) throw new Error(`changeset git-tag failed:\n${tag.out}`);
  }
  return published;
}
