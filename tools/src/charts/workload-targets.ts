import { selects } from './alert-sources';
import { Manifest } from './crd-schemas';
import { isWorkload, podTemplateOf } from './pod-security';
import { serviceAddress, serviceAt } from './service-address';
import { EdgeBinding, ReleaseObjects } from './wiring';

type Labels = Readonly<Record<string, string>>;

interface Owned {
  readonly release: string;
  readonly manifest: Manifest;
}

interface TargetRef {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
}

interface HttpGet {
  readonly path?: string;
}

interface Container {
  readonly name?: string;
  readonly readinessProbe?: { readonly httpGet?: HttpGet };
  readonly envFrom?: ReadonlyArray<{
    readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
    readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
  }>;
  readonly env?: ReadonlyArray<{
    readonly name?: string;
    readonly value?: string;
    readonly valueFrom?: {
      readonly secretKeyRef?: {
        readonly name?: string;
        readonly key?: string;
        readonly optional?: boolean;
      };
    };
  }>;
}

/** Keys a Secret will hold, or undefined when they are only known at run time (a JSON extract). */
type SecretKeys = ReadonlySet<string> | undefined;

/** The Secrets a stack makes, by `<namespace>/<name>`: rendered ones and ExternalSecret targets. */
function secretsOf(all: readonly Owned[]): Map<string, SecretKeys> {
  const secrets = new Map<string, SecretKeys>();
  for (const { manifest } of all) {
    const where = (name: string | undefined) => `${namespaceOf(manifest)}/${name}`;
    if (manifest.kind === 'Secret') {
      const data = manifest as {
        data?: Record<string, string>;
        stringData?: Record<string, string>;
      };
      secrets.set(
        where(manifest.metadata?.name),
        new Set([...Object.keys(data.data ?? {}), ...Object.keys(data.stringData ?? {})]),
      );
    } else if (manifest.kind === 'ExternalSecret') {
      const spec = (manifest.spec ?? {}) as {
        target?: { name?: string };
        data?: Array<{ secretKey?: string }>;
        dataFrom?: unknown[];
      };
      const keys =
        (spec.dataFrom ?? []).length > 0
          ? undefined
          : new Set(
              (spec.data ?? []).flatMap((entry) => (entry.secretKey ? [entry.secretKey] : [])),
            );
      secrets.set(where(spec.target?.name ?? manifest.metadata?.name), keys);
    }
  }
  return secrets;
}

/**
 * Readiness paths the pod's containers answer. The mesh rewrites probes to its agent
 * (`/app-health/<container>/readyz` on 15020) and keeps the original in the sidecar's
 * ISTIO_KUBE_APP_PROBERS, which is what the application really serves.
 */
function readinessPaths(pod: {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
}): string[] {
  const containers = pod.containers ?? [];
  // The sidecar is a native one (an init container that keeps running) or a plain container.
  const probers = [...(pod.initContainers ?? []), ...containers]
    .flatMap((container) => container.env ?? [])
    .find((variable) => variable.name === 'ISTIO_KUBE_APP_PROBERS')?.value;
  const original = probers ? (JSON.parse(probers) as Record<string, { httpGet?: HttpGet }>) : {};
  return containers.flatMap((container) => {
    const path = container.readinessProbe?.httpGet?.path;
    if (!path) return [];
    return [original[path]?.httpGet?.path ?? path];
  });
}

interface RouteRule {
  readonly matches?: ReadonlyArray<{
    readonly path?: { readonly type?: string; readonly value?: string };
  }>;
  readonly filters?: ReadonlyArray<{
    readonly type?: string;
    readonly urlRewrite?: {
      readonly path?: { readonly type?: string; readonly replaceFullPath?: string };
    };
  }>;
  readonly backendRefs?: ReadonlyArray<{ readonly name: string; readonly namespace?: string }>;
}

const namespaceOf = (manifest: Manifest) => manifest.metadata?.namespace ?? 'default';

/** What scales a workload and where its target reference is. */
function scalingTarget(manifest: Manifest): TargetRef | undefined {
  const spec = (manifest.spec ?? {}) as { scaleTargetRef?: TargetRef; targetRef?: TargetRef };
  switch (manifest.kind) {
    case 'HorizontalPodAutoscaler':
      return spec.scaleTargetRef;
    case 'ScaledObject':
      return spec.scaleTargetRef && { kind: 'Deployment', ...spec.scaleTargetRef };
    case 'VerticalPodAutoscaler':
      return spec.targetRef;
    default:
      return undefined;
  }
}

/**
 * Whether what points at a workload finds one rendered: every Service a route sends to selects
 * some release's pods, every autoscaler's target exists, and the edge's health-check path
 * reaches pods whose readiness probe answers exactly that path (after any rewrite).
 */
export function workloadTargetProblems(
  releases: readonly ReleaseObjects[],
  edge: readonly EdgeBinding[],
  /** Secrets made at run time, by the release (its first name part) whose pods read them. */
  runtimeSecrets: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const add = (release: string, message: string) =>
    problems.set(release, [...(problems.get(release) ?? []), message]);
  const all: Owned[] = releases.flatMap(({ release, objects }) =>
    objects.map((manifest) => ({ release, manifest })),
  );
  const allObjects = all.map(({ manifest }) => manifest);
  const workloads = all.filter(({ manifest }) => isWorkload(manifest));
  const serviceOf = (namespace: string, name: string) =>
    all.find(
      ({ manifest }) =>
        manifest.kind === 'Service' &&
        manifest.metadata?.name === name &&
        namespaceOf(manifest) === namespace,
    )?.manifest;
  /** The rendered pods a Service sends to. */
  const podsOf = (service: Manifest) => {
    const selector = (service.spec as { selector?: Labels } | undefined)?.selector;
    if (!selector) return [];
    return workloads.filter(
      ({ manifest }) =>
        namespaceOf(manifest) === namespaceOf(service) &&
        selects({ matchLabels: selector }, podTemplateOf(manifest)?.metadata?.labels ?? {}),
    );
  };

  // Every Secret a container reads exists, with the key it reads: otherwise the pod never starts.
  const secrets = secretsOf(all);
  for (const { release, manifest } of workloads) {
    const pod = (podTemplateOf(manifest)?.spec ?? {}) as {
      containers?: Container[];
      initContainers?: Container[];
    };
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `${manifest.kind} ${namespaceOf(manifest)}/${manifest.metadata?.name} container ${container.name}`;
      for (const variable of container.env ?? []) {
        // An OTLP endpoint inside the cluster must be a Service port some release renders.
        const otlp =
          variable.name === 'OTEL_EXPORTER_OTLP_ENDPOINT' && variable.value
            ? serviceAddress(variable.value)
            : undefined;
        if (otlp && serviceAt(otlp, allObjects) !== 'served') {
          add(
            release,
            `${where} sends spans to ${variable.value}, which no release's Service serves`,
          );
        }
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref?.name || ref.optional) continue;
        if (runtimeSecrets.get(release.split('/')[0])?.has(ref.name)) continue;
        const keys = secrets.get(`${namespaceOf(manifest)}/${ref.name}`);
        if (!secrets.has(`${namespaceOf(manifest)}/${ref.name}`)) {
          add(
            release,
            `${where} reads ${variable.name} from Secret ${ref.name}, which no release renders or delivers`,
          );
        } else if (keys && ref.key && !keys.has(ref.key)) {
          add(
            release,
            `${where} reads ${variable.name} from key ${ref.key} of Secret ${ref.name}, which holds ${[...keys].join(', ') || 'no keys'}`,
          );
        }
      }
      for (const source of container.envFrom ?? []) {
        const name = source.secretRef?.name;
        if (
          name &&
          !source.secretRef?.optional &&
          !secrets.has(`${namespaceOf(manifest)}/${name}`)
        ) {
          add(release, `${where} reads Secret ${name}, which no release renders or delivers`);
        }
      }
    }
  }

  const routes = all.filter(({ manifest }) => manifest.kind === 'HTTPRoute');
  for (const { release, manifest } of routes) {
    const rules = (manifest.spec as { rules?: RouteRule[] } | undefined)?.rules ?? [];
    for (const backend of rules.flatMap((rule) => rule.backendRefs ?? [])) {
      const namespace = backend.namespace ?? namespaceOf(manifest);
      const service = serviceOf(namespace, backend.name);
      if (service && podsOf(service).length === 0) {
        add(
          release,
          `HTTPRoute ${namespaceOf(manifest)}/${manifest.metadata?.name} sends to Service ${namespace}/${backend.name}, whose selector matches no pods any release renders`,
        );
      }
    }
  }

  for (const { release, manifest } of all) {
    const target = scalingTarget(manifest);
    if (!target?.name) continue;
    const found = all.some(
      ({ manifest: candidate }) =>
        candidate.kind === target.kind &&
        candidate.metadata?.name === target.name &&
        namespaceOf(candidate) === namespaceOf(manifest),
    );
    if (!found) {
      add(
        release,
        `${manifest.kind} ${namespaceOf(manifest)}/${manifest.metadata?.name} scales ${target.kind} ${target.name}, which no release renders`,
      );
    }
  }

  // The edge's health checks request their path on the load balancer's own name: only routes
  // without host names can match it.
  const anyHost = routes.filter(
    ({ manifest }) =>
      ((manifest.spec as { hostnames?: string[] } | undefined)?.hostnames ?? []).length === 0,
  );
  for (const binding of edge) {
    for (const path of binding.healthCheckPaths) {
      const candidates = anyHost.flatMap(({ release, manifest }) =>
        ((manifest.spec as { rules?: RouteRule[] } | undefined)?.rules ?? []).flatMap((rule) =>
          (rule.matches ?? []).flatMap((match) => {
            const type = match.path?.type ?? 'PathPrefix';
            const value = match.path?.value ?? '/';
            const hit =
              type === 'Exact'
                ? value === path
                : path === value || path.startsWith(`${value.replace(/\/$/, '')}/`);
            return hit
              ? [{ release, manifest, rule, exact: type === 'Exact', length: value.length }]
              : [];
          }),
        ),
      );
      candidates.sort((a, b) => Number(b.exact) - Number(a.exact) || b.length - a.length);
      const chosen = candidates[0];
      const owner = routes[0]?.release ?? binding.stack;
      if (!chosen) {
        add(
          owner,
          `${binding.stack}'s health checks request ${path}, which no route without host names sends anywhere`,
        );
        continue;
      }
      const rewrite = (chosen.rule.filters ?? []).find((filter) => filter.type === 'URLRewrite')
        ?.urlRewrite?.path;
      const served =
        rewrite?.type === 'ReplaceFullPath' && rewrite.replaceFullPath
          ? rewrite.replaceFullPath
          : path;
      const backend = (chosen.rule.backendRefs ?? [])[0];
      const service =
        backend && serviceOf(backend.namespace ?? namespaceOf(chosen.manifest), backend.name);
      const readiness = service
        ? podsOf(service).flatMap(({ manifest }) =>
            readinessPaths(
              (podTemplateOf(manifest)?.spec as
                { containers?: Container[]; initContainers?: Container[] } | undefined) ?? {},
            ),
          )
        : [];
      if (!readiness.includes(served)) {
        add(
          chosen.release,
          `${binding.stack}'s health checks request ${path}; HTTPRoute ${namespaceOf(chosen.manifest)}/${chosen.manifest.metadata?.name} sends it as ${served} to ${backend ? `${backend.namespace ?? namespaceOf(chosen.manifest)}/${backend.name}` : 'no backend'}, whose pods answer readiness on ${readiness.length > 0 ? [...new Set(readiness)].join(', ') : 'no path'}`,
        );
      }
    }
  }
  return problems;
}
