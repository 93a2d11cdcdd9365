import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Manifest } from './crd-schemas';

/** One object of a rendering, with the template it came from. */
export interface RenderedObject {
  readonly manifest: Manifest;
  /** `# Source:` of the document, e.g. `argo-cd/templates/redis/job.yaml`. */
  readonly source: string;
}

export interface Rendering {
  readonly objects: readonly RenderedObject[];
  /** The rendered YAML as written to disk, for kubeconform and kube-score. */
  readonly file: string;
}

export interface RenderOptions {
  readonly helm: string;
  readonly release: string;
  /** A chart directory or archive. */
  readonly chart: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** API versions the cluster serves beyond the built-in ones (the platform's CRDs). */
  readonly apiVersions: readonly string[];
  /** The release sets `skip_crds`: its chart's `crds/` are not installed. */
  readonly skipCrds?: boolean;
  /** Directory for the values and manifest files. */
  readonly workDir: string;
}

function isTestHook(manifest: Manifest): boolean {
  const hook = manifest.metadata?.annotations?.['helm.sh/hook'] ?? '';
  return hook.split(',').some((phase) => phase.trim().startsWith('test'));
}

/** Runs a command and returns what it printed; never throws on a non-zero exit. */
export function exec(
  command: string,
  args: readonly string[],
  options: { readonly input?: string; readonly env?: NodeJS.ProcessEnv } = {},
): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
    env: options.env,
  });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

/**
 * Helm's output and its parsed objects, by everything `helm template` reads: stacks that install
 * a chart with the same values, namespace and cluster get the same manifests (most releases
 * render the same in both passes of check-stack.ts, and many in several environments), so
 * Helm runs and its output is parsed once per input. The objects are frozen: no check may
 * change what another stack's check reads.
 */
const renderings = new Map<string, string>();
const parsedRenderings = new Map<string, readonly RenderedObject[]>();

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `helm template` with exactly the release's values, namespace and Kubernetes version, CRDs and
 * hooks included (both are applied on install; CRDs not when the release skips them). Throws
 * with Helm's message when it fails.
 */
export function renderRelease(options: RenderOptions): Rendering {
  mkdirSync(options.workDir, { recursive: true });
  const base = join(options.workDir, options.release.replace(/\//g, '_'));
  const valuesFile = `${base}.values.json`;
  const values = JSON.stringify(options.values, null, 2);
  writeFileSync(valuesFile, values);
  const args = [
    'template',
    options.release.split('/').pop() as string,
    options.chart,
    '--namespace',
    options.namespace,
    '--values',
    valuesFile,
    '--kube-version',
    `${options.kubernetesVersion}.0`,
    ...(options.skipCrds ? [] : ['--include-crds']),
    ...options.apiVersions.flatMap((version) => ['--api-versions', version]),
  ];
  // The values file's path differs per stack; its content is what Helm reads.
  const key = sha256(
    JSON.stringify([options.helm, args.filter((arg) => arg !== valuesFile), values]),
  );
  let stdout = renderings.get(key);
  if (stdout === undefined) {
    const result = exec(options.helm, args);
    if (!result.ok) throw new Error(`helm template: ${result.stderr.trim()}`);
    stdout = result.stdout;
    renderings.set(key, stdout);
  }
  const file = `${base}.yaml`;
  writeFileSync(file, stdout);
  const parsedKey = sha256(stdout);
  let objects = parsedRenderings.get(parsedKey);
  if (!objects) {
    objects = deepFreeze(parseRendering(stdout));
    parsedRenderings.set(parsedKey, objects);
  }
  return { objects, file };
}

/** The objects of `helm template` output that a release installs. */
function parseRendering(stdout: string): RenderedObject[] {
  const objects: RenderedObject[] = [];
  // YAML 1.1, as Kubernetes reads manifests (a bare `no` is false there).
  for (const document of parseAllDocuments(stdout, { version: '1.1' })) {
    const manifest = document.toJS() as Manifest | null;
    if (!manifest || typeof manifest !== 'object') continue;
    // Helm writes `# Source: <template>` above each document; the parser keeps it on the contents.
    const comment = `${document.commentBefore ?? ''}\n${document.contents?.commentBefore ?? ''}`;
    const source = /^ ?Source: (.+)$/m.exec(comment)?.[1]?.trim() ?? '';
    // `helm test` pods are never installed by a release; nothing here checks them.
    if (isTestHook(manifest)) continue;
    // A v1 List is applied item by item (Helm's client flattens it), so it is checked that way.
    if (manifest.kind === 'List' && manifest.apiVersion === 'v1') {
      for (const item of (manifest.items as Manifest[] | undefined) ?? []) {
        objects.push({ manifest: item, source });
      }
      continue;
    }
    objects.push({ manifest, source });
  }
  return objects;
}
