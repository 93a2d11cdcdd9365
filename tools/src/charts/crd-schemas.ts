import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Kubernetes object as rendered by `helm template`. */
export interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

type Schema = Record<string, unknown>;

function isMap(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Makes an OpenAPI v3 schema of a CRD strict JSON schema, as the API server applies it: unknown
 * fields are errors unless the schema preserves them, `x-kubernetes-int-or-string` accepts
 * both, `nullable` accepts null.
 */
function strict(node: unknown, inCombinator = false): unknown {
  if (Array.isArray(node)) return node.map((item) => strict(item, inCombinator));
  if (!isMap(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    // oneOf/anyOf/allOf/not only validate; their branches list some fields, not all of them.
    out[key] = strict(value, inCombinator || ['oneOf', 'anyOf', 'allOf', 'not'].includes(key));
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (
    !inCombinator &&
    isMap(out.properties) &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: Schema };
}

/** `group/kind/version` of every custom resource a set of CRDs defines. */
export function definedKinds(crds: readonly Manifest[]): Set<string> {
  const kinds = new Set<string>();
  for (const crd of crds) {
    const spec = crd.spec as { group: string; names: { kind: string }; versions: CrdVersion[] };
    for (const version of spec.versions ?? [])
      if (version.served !== false) kinds.add(`${spec.group}/${version.name}/${spec.names.kind}`);
  }
  return kinds;
}

export function isCrd(manifest: Manifest): boolean {
  return (
    manifest.kind === 'CustomResourceDefinition' &&
    (manifest.apiVersion ?? '').startsWith('apiextensions.k8s.io/')
  );
}

/**
 * Writes one JSON schema per served version of every CRD into `dir`, laid out as kubeconform's
 * `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json` (kind in lower case).
 * Returns the schema-location template for kubeconform.
 */
export function writeCrdSchemas(crds: readonly Manifest[], dir: string): string {
  for (const crd of crds) {
    const spec = crd.spec as { group: string; names: { kind: string }; versions: CrdVersion[] };
    for (const version of spec.versions ?? []) {
      const openApi = version.schema?.openAPIV3Schema;
      if (!openApi || version.served === false) continue;
      const schema = strict(openApi) as Schema;
      // The API server owns these three; metadata is validated by Kubernetes, not the CRD.
      schema.properties = {
        ...(isMap(schema.properties) ? schema.properties : {}),
        apiVersion: { type: 'string', enum: [`${spec.group}/${version.name}`] },
        kind: { type: 'string', enum: [spec.names.kind] },
        metadata: { type: 'object' },
      };
      const target = join(dir, spec.group);
      mkdirSync(target, { recursive: true });
      writeFileSync(
        join(target, `${spec.names.kind.toLowerCase()}_${version.name}.json`),
        JSON.stringify(schema),
      );
    }
  }
  return join(dir, '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json');
}
