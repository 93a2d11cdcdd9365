import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { KubeAccess, kubeList, KubeObject, kubeRequest } from './kube-api';
import { KubeMapper } from './kube-mapper';
import { PollLoop } from './poll-loop';

const run = promisify(execFile);

/** The finalizer with which Argo CD deletes an Application's objects before the Application. */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const FIELD_MANAGER = 'argocd-controller';
const POLL_MS = 500;

interface ApplicationObject extends KubeObject {
  readonly metadata: KubeObject['metadata'] & {
    readonly deletionTimestamp?: string;
    readonly finalizers?: readonly string[];
  };
  readonly spec: {
    readonly source?: {
      readonly repoURL?: string;
      readonly path?: string;
      readonly helm?: { readonly valuesObject?: unknown; readonly valueFiles?: readonly string[] };
    };
    readonly destination?: { readonly namespace?: string };
  };
}

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/** An object an Application's sync applied. */
export interface AppliedObject {
  readonly kind: string;
  readonly name: string;
  /** Absent for a cluster-scoped object. */
  readonly namespace?: string;
}

/** One Application's sync: what it applied, or what the API server refused. */
export interface SyncResult {
  readonly application: string;
  readonly applied: readonly AppliedObject[];
  readonly refused: readonly string[];
}

/**
 * Argo CD's order within a sync wave (its kind order, which Helm's install order shares):
 * what others need comes first, custom resources last.
 */
const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'Ingress',
  'APIService',
];

function postRendererArgs(
  postrender: { readonly binary: string; readonly args: string[] } | undefined,
): string[] {
  if (!postrender) return [];
  return [
    '--post-renderer',
    postrender.binary,
    ...postrender.args.flatMap((arg) => ['--post-renderer-args', arg]),
  ];
}

function syncRank(manifest: Manifest): [number, number] {
  const wave = Number(manifest.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
  const kind = KIND_ORDER.indexOf(manifest.kind);
  return [wave, kind === -1 ? KIND_ORDER.length : kind];
}

export interface ArgoCdStandInOptions {
  readonly access: KubeAccess;
  readonly helm: string;
  /** The checkout: Argo CD reads the same files from git at the environment's revision. */
  readonly repoRoot: string;
  /** Where Argo CD runs and its Applications live. */
  readonly namespace: string;
  /** The cluster's Kubernetes version, for the charts' capability checks. */
  readonly kubeVersion: string;
  readonly workDir: string;
  /** A Helm post-renderer for the rendered objects (Istio's injection, as on every release). */
  readonly postrender?: (namespace: string) => { readonly binary: string; readonly args: string[] };
}

/**
 * Argo CD's part, played by the flow (local only: its controller needs its container). It
 * syncs each Application the cluster holds as Argo CD would: the chart at the Application's
 * path in this checkout, rendered with `helm template` and the Application's values, then
 * every object server-side applied (the Applications' `ServerSideApply=true`) in Argo CD's
 * order, so the API server's admission (Pod Security, the platform's policies, CRD schemas
 * and rules) judges each one. Applications an app-of-apps creates are synced in turn. While
 * it runs, it also plays Argo CD's resources finalizer, so deleting an Application removes
 * its objects and then the Application, and a namespace holding one can go.
 */
export class ArgoCdStandIn extends PollLoop {
  private readonly mapper: KubeMapper;
  /** The REST paths of what each Application applied, for its finalizer. */
  private readonly appliedPaths = new Map<string, string[]>();

  constructor(private readonly options: ArgoCdStandInOptions) {
    super(POLL_MS);
    this.mapper = new KubeMapper(options.access);
  }

  /** Syncs every Application, and those they create, each once. */
  async syncAll(): Promise<SyncResult[]> {
    const results: SyncResult[] = [];
    const synced = new Set<string>();
    for (;;) {
      const applications = (
        await kubeList<ApplicationObject>(
          this.options.access,
          `/apis/argoproj.io/v1alpha1/namespaces/${this.options.namespace}/applications`,
        )
      ).filter((app) => !synced.has(app.metadata.name) && !app.metadata.deletionTimestamp);
      if (applications.length === 0) return results;
      for (const application of applications) {
        synced.add(application.metadata.name);
        results.push(await this.sync(application));
      }
    }
  }

  private async sync(application: ApplicationObject): Promise<SyncResult> {
    const name = application.metadata.name;
    const source = application.spec.source ?? {};
    const namespace = application.spec.destination?.namespace ?? this.options.namespace;
    const refused: string[] = [];
    const applied: AppliedObject[] = [];
    const chartDir = resolve(this.options.repoRoot, source.path ?? '');
    if (!source.path || relative(this.options.repoRoot, chartDir).startsWith('..'))
      return {
        application: name,
        applied,
        refused: [`source path ${source.path} is not in the repository`],
      };
    if (!existsSync(join(chartDir, 'Chart.yaml')))
      return {
        application: name,
        applied,
        refused: [`${source.path} holds no chart: Argo CD would find nothing to sync`],
      };
    if (source.helm?.valueFiles?.length)
      return { application: name, applied, refused: ['valueFiles are not played by the stand-in'] };
    mkdirSync(this.options.workDir, { recursive: true });
    const valuesFile = join(this.options.workDir, `${name}.values.json`);
    writeFileSync(valuesFile, JSON.stringify(source.helm?.valuesObject ?? {}));
    let stdout: string;
    try {
      ({ stdout } = await run(
        this.options.helm,
        [
          'template',
          name,
          chartDir,
          '--namespace',
          namespace,
          '--values',
          valuesFile,
          '--include-crds',
          '--kube-version',
          this.options.kubeVersion,
          ...(await this.apiVersions()).flatMap((version) => ['--api-versions', version]),
          ...postRendererArgs(this.options.postrender?.(namespace)),
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      ));
    } catch (error) {
      const message = (error as { stderr?: string }).stderr?.trim() || String(error);
      return { application: name, applied, refused: [`helm template failed: ${message}`] };
    }
    const manifests = parseAllDocuments(stdout)
      .map((document) => document.toJS() as Manifest | null)
      .filter(
        (manifest): manifest is Manifest =>
          manifest !== null && typeof manifest === 'object' && 'kind' in manifest,
      )
      .sort((a, b) => {
        const [waveA, kindA] = syncRank(a);
        const [waveB, kindB] = syncRank(b);
        return waveA - waveB || kindA - kindB;
      });
    const paths: string[] = [];
    for (const manifest of manifests) {
      const label = `${manifest.kind} ${manifest.metadata.name}`;
      try {
        const { path, namespaced } = await this.mapper.objectPath(
          manifest.apiVersion,
          manifest.kind,
          manifest.metadata.name,
          manifest.metadata.namespace ?? namespace,
        );
        const body = namespaced
          ? {
              ...manifest,
              metadata: {
                ...manifest.metadata,
                namespace: manifest.metadata.namespace ?? namespace,
              },
            }
          : manifest;
        const response = await kubeRequest<{ message?: string }>(
          this.options.access,
          'PATCH',
          `${path}?fieldManager=${FIELD_MANAGER}&force=true`,
          body,
          'application/apply-patch+yaml',
        );
        if (response.status >= 300)
          refused.push(`${label}: ${response.body?.message ?? response.status}`);
        else {
          applied.push({
            kind: manifest.kind,
            name: manifest.metadata.name,
            ...(namespaced ? { namespace: body.metadata.namespace } : {}),
          });
          paths.push(path);
          if (manifest.kind === 'CustomResourceDefinition') this.mapper.reset();
        }
      } catch (error) {
        refused.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.appliedPaths.set(name, paths);
    return { application: name, applied, refused };
  }

  /** What the cluster serves, as Argo CD passes it to Helm (`--api-versions`). */
  private async apiVersions(): Promise<string[]> {
    const groups = await kubeRequest<{
      groups: ReadonlyArray<{ versions: ReadonlyArray<{ groupVersion: string }> }>;
    }>(this.options.access, 'GET', '/apis');
    return [
      'v1',
      ...groups.body.groups.flatMap((group) => group.versions.map((v) => v.groupVersion)),
    ];
  }

  /** Argo CD's resources finalizer, once over every Application; start() plays it until stop(). */
  protected async pass(): Promise<void> {
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${this.options.namespace}/applications`;
    const response = await kubeRequest<{ items: ApplicationObject[] }>(
      this.options.access,
      'GET',
      path,
    );
    // Before Argo CD's CRD exists, or after it is gone, there is nothing to finalize.
    if (response.status !== 200) return;
    for (const application of response.body.items) {
      const { name, deletionTimestamp, finalizers } = application.metadata;
      if (!deletionTimestamp || !finalizers?.includes(RESOURCES_FINALIZER)) continue;
      for (const objectPath of [...(this.appliedPaths.get(name) ?? [])].reverse()) {
        const deleted = await kubeRequest(this.options.access, 'DELETE', objectPath);
        if (deleted.status >= 300 && deleted.status !== 404)
          throw new Error(
            `deleting ${objectPath} for Application ${name} answered ${deleted.status}`,
          );
      }
      await kubeRequest(
        this.options.access,
        'PATCH',
        `${path}/${name}`,
        {
          metadata: {
            finalizers: finalizers.filter((finalizer) => finalizer !== RESOURCES_FINALIZER),
          },
        },
        'application/merge-patch+json',
      );
    }
  }
}
