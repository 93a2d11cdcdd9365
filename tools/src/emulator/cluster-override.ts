import type { ChartReference } from '@strata/core';
import type { KubeAccess } from './kube-api';
import { remoteOutputReferences } from './partial-targets';

/** The file name the engine reads as an override of the synthesized stack (never edited). */
export const CLUSTER_OVERRIDE_FILE = 'local_cluster_override.tf.json';

interface HelmReleaseBody {
  readonly chart: string;
  readonly namespace?: string;
  readonly repository?: string;
  readonly version?: string;
}

export interface ClusterStackJson {
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly resource?: {
    readonly helm_release?: Readonly<Record<string, HelmReleaseBody>>;
  };
}

/** The API version of the credential the stack's `aws eks get-token` plugin prints. */
const EXEC_CREDENTIAL_API = 'client.authentication.k8s.io/v1beta1';

/**
 * How a stack that talks to its cluster reaches the local control plane instead, as a
 * Terraform override file. Local-only substitutions, nothing else:
 *
 * - the kubernetes and helm providers' `host` and CA are the local API server's, and their
 *   exec credential plugin (`aws eks get-token`, which needs a real EKS cluster) is replaced
 *   by one that prints the local token in the same ExecCredential form, so the exec path the
 *   stack uses still runs;
 * - a release from a chart repository installs the same chart archive from the chart mirror
 *   (the flow has no internet), through `chartArchive`; the stack's own charts are untouched;
 * - with `postrender`, every release's manifests pass a post-renderer (Istio's injection,
 *   which istiod's webhook does on EKS; injection-postrender.ts says why).
 */
export function clusterOverride(
  stack: ClusterStackJson,
  access: KubeAccess,
  chartArchive: (reference: ChartReference) => string,
  /** A Helm post-renderer for every release, given the release's namespace. */
  postrender?: (namespace: string) => { binary_path: string; args: string[] },
): object | undefined {
  const providers = stack.provider ?? {};
  const connection = {
    host: access.server,
    cluster_ca_certificate: access.caPem,
  };
  const exec = {
    api_version: EXEC_CREDENTIAL_API,
    command: 'echo',
    args: [
      JSON.stringify({
        apiVersion: EXEC_CREDENTIAL_API,
        kind: 'ExecCredential',
        status: { token: access.token },
      }),
    ],
  };
  const provider: Record<string, unknown> = {};
  if ('kubernetes' in providers) provider.kubernetes = [{ ...connection, exec: [exec] }];
  if ('helm' in providers) provider.helm = [{ kubernetes: { ...connection, exec } }];
  if (Object.keys(provider).length === 0) return undefined;

  const releases = stack.resource?.helm_release ?? {};
  const helmRelease = Object.fromEntries(
    Object.entries(releases).map(([name, release]) => {
      const rendering = postrender
        ? { postrender: postrender(release.namespace ?? 'default') }
        : {};
      if (release.repository === undefined) return [name, rendering];
      if (release.version === undefined)
        throw new Error(`helm_release.${name}: a repository chart without a version`);
      const path = chartArchive({
        chart: release.chart,
        repository: release.repository,
        version: release.version,
      });
      return [name, { chart: path, repository: null, ...rendering }];
    }),
  );
  return {
    provider,
    ...(Object.keys(helmRelease).length > 0 ? { resource: { helm_release: helmRelease } } : {}),
  };
}

const HELM_RELEASE = 'helm_release';

/** What the flow tells a cluster stack's remote states for outputs its upstream lacks. */
export interface OutputPlaceholders {
  /** The absent outputs no Helm release reads: whatever reads them is left out. */
  readonly absent: Set<string>;
  /**
   * Absent outputs both Helm releases and AWS resources read: a placeholder for the releases,
   * and the AWS resources that read them left out.
   */
  readonly absentOutsideHelm: Set<string>;
  /** `defaults` per remote state: a placeholder per output a Helm release reads. */
  readonly defaults: Record<string, Record<string, string>>;
}

/**
 * Outputs an upstream stack run in part did not produce (a data store moto cannot create)
 * leave out what reads them. Where a Helm release reads one, it becomes a placeholder through
 * the remote state's own `defaults` instead, so the releases (the components' Applications
 * among them) are applied: their values only land in objects, and no component runs to use
 * them. What an AWS resource reads stays left out, placeholder or not.
 */
export function outputPlaceholders(
  stack: { readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>> },
  absent: ReadonlySet<string>,
): OutputPlaceholders {
  // Which resource types read each remote output, every body read once.
  const readers = new Map<string, string[]>();
  for (const [type, byName] of Object.entries(stack.resource ?? {}))
    for (const body of Object.values(byName))
      for (const reference of remoteOutputReferences(body))
        readers.set(reference, [...(readers.get(reference) ?? []), type]);
  const left = new Set<string>();
  const outsideHelm = new Set<string>();
  const defaults: Record<string, Record<string, string>> = {};
  for (const reference of absent) {
    const types = readers.get(reference) ?? [];
    // `data.terraform_remote_state.<name>.outputs.<output>`
    const [, , name, , output] = reference.split('.');
    if (!types.includes(HELM_RELEASE)) {
      left.add(reference);
      continue;
    }
    defaults[name] = { ...defaults[name], [output]: `absent-on-emulator-${output}` };
    if (types.some((type) => type !== HELM_RELEASE)) outsideHelm.add(reference);
  }
  return { absent: left, absentOutsideHelm: outsideHelm, defaults };
}

/** An override with the remote states' `defaults` added (none: unchanged). */
export function withRemoteStateDefaults(
  defaults: Record<string, Record<string, string>>,
  override: object | undefined,
): object | undefined {
  if (!override || Object.keys(defaults).length === 0) return override;
  return {
    ...override,
    data: {
      terraform_remote_state: Object.fromEntries(
        Object.entries(defaults).map(([name, outputs]) => [name, { defaults: outputs }]),
      ),
    },
  };
}
