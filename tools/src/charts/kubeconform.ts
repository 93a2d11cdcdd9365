import { join } from 'node:path';
import { KubeTools } from '../validate/toolchain';
import { RenderedObject, exec } from './render';

interface KubeconformResource {
  readonly filename?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly version?: string;
  readonly status?: string;
  readonly msg?: string;
  readonly validationErrors?: ReadonlyArray<{ readonly path?: string; readonly msg?: string }>;
}

/**
 * Strict schema validation of a rendering: built-in kinds against the offline Kubernetes
 * schemas of the cluster's version, custom resources against the CRDs the stack itself
 * installs (a kind no installed CRD defines is an error: the apply would fail). Unknown
 * fields fail everywhere.
 */
export function kubeconform(
  tools: KubeTools,
  kubernetesVersion: string,
  file: string,
  crdSchemaLocation: string,
  installedKinds: ReadonlySet<string>,
  objects: readonly RenderedObject[],
): string[] {
  const result = exec(tools.kubeconform, [
    '-strict',
    '-output',
    'json',
    '-kubernetes-version',
    `${kubernetesVersion}.0`,
    '-schema-location',
    join(
      tools.schemaDir,
      '{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json',
    ),
    '-schema-location',
    crdSchemaLocation,
    file,
  ]);
  let parsed: { resources?: KubeconformResource[] };
  try {
    parsed = JSON.parse(result.stdout) as { resources?: KubeconformResource[] };
  } catch {
    return [`kubeconform: ${result.stdout}${result.stderr}`.trim()];
  }
  const findings: string[] = [];
  for (const resource of parsed.resources ?? []) {
    if (resource.status === 'statusValid' || resource.status === 'statusSkipped') continue;
    const what = `${resource.kind}/${resource.name}`;
    if (/could not find schema/.test(resource.msg ?? '')) {
      const object = objects.find(
        ({ manifest }) =>
          manifest.kind === resource.kind && manifest.metadata?.name === resource.name,
      );
      const apiVersion = object?.manifest.apiVersion ?? resource.version ?? '';
      const key = `${apiVersion}/${resource.kind}`;
      if (!installedKinds.has(key)) {
        findings.push(
          `${what}: ${apiVersion} ${resource.kind} is defined by no CRD this stack installs`,
        );
        continue;
      }
    }
    const details = (resource.validationErrors ?? [])
      .map((error) => `${error.path ?? ''}: ${error.msg ?? ''}`)
      .join('; ');
    findings.push(`${what}: ${details || resource.msg || resource.status}`);
  }
  if (!result.ok && findings.length === 0) {
    findings.push(`kubeconform: ${result.stderr.trim() || 'failed without a finding'}`);
  }
  return findings;
}
