import { Manifest } from './crd-schemas';
import { exec } from './render';

/** Pod Security Standard levels, least to most privileged. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const INJECTION_LABEL = 'istio-injection';
const POD_INJECT_LABEL = 'sidecar.istio.io/inject';

/** What admission sees of one namespace. */
export interface NamespacePolicy {
  readonly level: PodSecurityLevel;
  /** Labelled for sidecar injection (`istio-injection=enabled`). */
  readonly meshInjection: boolean;
  /** `disabled` opts the whole namespace out, even for pods that ask for a sidecar. */
  readonly injectionDisabled: boolean;
  /** Where the labels come from, for messages. */
  readonly source: string;
}

/**
 * A namespace nobody labelled. EKS configures no cluster-wide Pod Security defaults, so the
 * API server admits every pod there (`privileged`).
 */
export const UNLABELLED_NAMESPACE: NamespacePolicy = {
  level: 'privileged',
  meshInjection: false,
  injectionDisabled: false,
  source: 'not labelled (EKS admits any pod)',
};

export function namespacePolicy(
  labels: Readonly<Record<string, string>> | undefined,
  source: string,
): NamespacePolicy {
  const level = labels?.[ENFORCE_LABEL] ?? 'privileged';
  if (!['restricted', 'baseline', 'privileged'].includes(level)) {
    throw new Error(`${source}: ${ENFORCE_LABEL}=${level} is not a Pod Security level`);
  }
  return {
    level: level as PodSecurityLevel,
    meshInjection: labels?.[INJECTION_LABEL] === 'enabled',
    injectionDisabled: labels?.[INJECTION_LABEL] === 'disabled',
    source,
  };
}

const WORKLOAD_KINDS = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  // Argo Rollouts: its controller creates ReplicaSets from the template, like a Deployment.
  'Rollout',
]);

export function isWorkload(manifest: Manifest): boolean {
  return WORKLOAD_KINDS.has(manifest.kind ?? '');
}

/** The pod template of a workload object (a Pod is its own), wherever its kind keeps it. */
export function podTemplateOf(
  manifest: Manifest,
): { metadata?: Manifest['metadata']; spec?: Record<string, unknown> } | undefined {
  type Template = { metadata?: Manifest['metadata']; spec?: Record<string, unknown> };
  const spec = manifest.spec as
    { template?: Template; jobTemplate?: { spec?: { template?: Template } } } | undefined;
  if (manifest.kind === 'Pod') return { metadata: manifest.metadata, spec };
  if (manifest.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return spec?.template;
}

/** Pod template labels of a workload object. */
function podLabels(manifest: Manifest): Readonly<Record<string, string>> {
  return podTemplateOf(manifest)?.metadata?.labels ?? {};
}

/**
 * Whether istiod's webhook injects a sidecar: its namespace selector takes pods of
 * `istio-injection=enabled` namespaces unless the pod says `sidecar.istio.io/inject=false`; its
 * object selector takes pods labelled `sidecar.istio.io/inject=true` elsewhere, unless the
 * namespace is `disabled`.
 */
export function webhookInjects(manifest: Manifest, namespace: NamespacePolicy): boolean {
  const pod = podLabels(manifest)[POD_INJECT_LABEL];
  if (namespace.meshInjection) return pod !== 'false';
  return !namespace.injectionDisabled && pod === 'true';
}

/** The mesh's rendered configuration, as the injector reads it. */
export interface MeshInjection {
  readonly injectorConfig: string;
  readonly injectorValues: string;
  readonly meshConfig: string;
}

/** istiod's rendered ConfigMaps: istio-sidecar-injector (config, values) and istio (mesh). */
export function meshInjectionFrom(objects: readonly Manifest[]): MeshInjection | undefined {
  const configMap = (name: string) =>
    objects.find((object) => object.kind === 'ConfigMap' && object.metadata?.name === name)
      ?.data as Record<string, string> | undefined;
  const injector = configMap('istio-sidecar-injector');
  const mesh = configMap('istio');
  if (!injector?.config || !injector.values || mesh?.mesh === undefined) return undefined;
  return {
    injectorConfig: injector.config,
    injectorValues: injector.values,
    meshConfig: mesh.mesh,
  };
}

export interface WorkloadAdmission {
  readonly id: string;
  readonly level: PodSecurityLevel;
  readonly inject: boolean;
  readonly manifest: Manifest;
  /** Its namespace and that namespace's labels, for the admission policies' selectors. */
  readonly namespace?: string;
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/** ValidatingAdmissionPolicies and their bindings, as rendered, that admission applies. */
export interface AdmissionPolicies {
  readonly policies: readonly Manifest[];
  readonly bindings: readonly Manifest[];
}

export interface AdmissionResult {
  readonly id: string;
  readonly level: PodSecurityLevel;
  readonly injected: boolean;
  /** Init containers are prefixed `init:`. */
  readonly containers: readonly string[];
  /** The admitted pod's labels and declared ports, after injection. */
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{
    readonly container: string;
    readonly name?: string;
    readonly port: number;
  }>;
  readonly violations: readonly string[];
  /** What the admission policies refuse, of the workload or the pods it creates. */
  readonly policyDenials?: readonly string[];
  /** The admitted pod template (metadata and spec), as the cluster would run it. */
  readonly pod?: { readonly metadata?: Record<string, unknown>; readonly spec?: unknown };
  readonly error?: string;
}

/** A workload object with its pod template replaced by the admitted one (injected, defaulted). */
export function withAdmittedPod(manifest: Manifest, result: AdmissionResult): Manifest {
  if (!result.pod) return manifest;
  const { creationTimestamp: _ignored, ...metadata } = result.pod.metadata ?? {};
  const pod = { metadata, spec: result.pod.spec };
  const spec = (manifest.spec ?? {}) as Record<string, unknown>;
  switch (manifest.kind) {
    case 'Pod':
      return { ...manifest, metadata: { ...manifest.metadata, ...metadata }, spec: pod.spec };
    case 'CronJob': {
      const jobTemplate = spec.jobTemplate as { spec?: Record<string, unknown> };
      return {
        ...manifest,
        spec: {
          ...spec,
          jobTemplate: { ...jobTemplate, spec: { ...jobTemplate.spec, template: pod } },
        },
      };
    }
    default:
      return { ...manifest, spec: { ...spec, template: pod } };
  }
}

/**
 * Runs the toolchain's strata-admission program: Istio's own injector on the pods of meshed
 * namespaces, then the Pod Security Admission evaluator at each namespace's level.
 */
export function admit(
  program: string,
  kubernetesVersion: string,
  mesh: MeshInjection | undefined,
  workloads: readonly WorkloadAdmission[],
  policies: AdmissionPolicies = { policies: [], bindings: [] },
): AdmissionResult[] {
  const [major, minor] = kubernetesVersion.split('.').map(Number);
  const result = exec(program, [], {
    input: JSON.stringify({
      kubernetesVersion,
      mesh,
      workloads,
      admissionPolicies: policies.policies,
      admissionPolicyBindings: policies.bindings,
    }),
    // The injector uses native sidecars where every node runs Kubernetes >= 1.33 (as istiod's
    // webhook detects on a live cluster); offline it must be told.
    env: {
      ...process.env,
      ENABLE_NATIVE_SIDECARS: major > 1 || minor >= 33 ? 'true' : 'false',
    },
  });
  if (!result.ok) throw new Error(`strata-admission: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as AdmissionResult[];
}
