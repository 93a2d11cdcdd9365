import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChartArchive } from '@strata/core';
import type { ControlPlaneBinaries } from '../validate/toolchain';
import {
  CLUSTER_OVERRIDE_FILE,
  clusterOverride,
  ClusterStackJson,
  withRemoteStateDefaults,
} from './cluster-override';
import { nodeGroupNodes } from './cluster-side';
import { ArgoCdStandIn, SyncResult } from './argo-cd-stand-in';
import { AuditEvent, ControlPlane } from './control-plane';
import type { InjectionConfig } from './injection-postrender';
import { KubeAccess, kubeList, KubeObject } from './kube-api';
import type { ContainerNeed } from './emulator-gaps';
import { VolumeProvisioner } from './volume-provisioner';

export interface LocalClusterOptions {
  readonly binaries: ControlPlaneBinaries;
  readonly workDir: string;
  /** The synthesized cluster stack: its managed node groups become KWOK's nodes. */
  readonly clusterStackDir: string;
  readonly zones: readonly string[];
  /** Helm, with which the Argo CD stand-in renders the Applications' charts. */
  readonly helm?: string;
  /** strata-admission, Istio's injector, for the injection post-renderer. */
  readonly admission?: string;
  /** The checkout, which Argo CD's Applications read from git. */
  readonly repoRoot: string;
}

/** A Helm post-renderer: a program and its arguments. */
export interface PostRenderer {
  readonly binary: string;
  readonly args: string[];
}

/** The control plane and the volume stand-in, started and stopped together. */
/** Who a stack's providers act as: the apply roles' cluster admin or the plan role's view. */
export type ClusterIdentity = 'apply' | 'plan';

export interface LocalCluster {
  readonly plane: ControlPlane;
  readonly volumes: VolumeProvisioner;
  /** Istio's injection as a Helm post-renderer for a release in `namespace` (injection-postrender.ts). */
  injection(namespace: string): PostRenderer;
  /**
   * Syncs the Applications in Argo CD's namespace as Argo CD would, waits for their
   * Deployments, and from then on plays Argo CD's resources finalizer until stop().
   */
  syncApplications(workDir: string): Promise<string | { note: string }>;
  /**
   * Writes the Terraform override that points a stack at this cluster (cluster-override.ts),
   * with remote-state `defaults` for outputs its upstream lacks; charts from `helm`'s sources.
   * As `plan`, the providers act as the plan role (`view` only), as the administrator otherwise.
   */
  writeOverride(
    workDir: string,
    stack: ClusterStackJson,
    defaults: Record<string, Record<string, string>>,
    helm: string,
    identity?: ClusterIdentity,
  ): void;
  /** The stand-ins' last errors (volume provisioner, Argo CD's finalizer), for failure reports. */
  standInErrors(): string[];
  stop(): Promise<void>;
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  // What the cluster needs is checked before any process starts.
  if (!options.admission)
    throw new Error(
      'the toolchain has no strata-admission: run "node tools/toolchain/install.mjs"',
    );
  const plane = await ControlPlane.start({
    binaries: options.binaries,
    workDir: options.workDir,
    nodes: nodeGroupNodes(options.clusterStackDir, options.zones),
  });
  const volumes = new VolumeProvisioner(plane.access);
  volumes.start();
  let argoCd: ArgoCdStandIn | undefined;
  const injectionConfig = join(options.workDir, 'injection.json');
  const [major, minor] = options.binaries.versions.kubernetes.replace(/^v/, '').split('.');
  const config: InjectionConfig = {
    access: plane.access,
    admission: options.admission,
    kubernetesVersion: `${major}.${minor}`,
  };
  writeFileSync(injectionConfig, JSON.stringify(config));
  // Bundled beside the flow (tools/project.json builds both into dist/tools/emulator).
  const injection = (namespace: string): PostRenderer => ({
    binary: process.execPath,
    args: [join(__dirname, 'injection-postrender.js'), injectionConfig, namespace],
  });
  return {
    plane,
    volumes,
    injection,
    writeOverride: (workDir, stack, defaults, helm, identity = 'apply') => {
      const override = withRemoteStateDefaults(
        defaults,
        clusterOverride(
          stack,
          identity === 'plan' ? plane.viewerAccess : plane.access,
          (reference) => resolveChartArchive(reference, helm).path,
          (namespace) => {
            const { binary, args } = injection(namespace);
            return { binary_path: binary, args };
          },
        ),
      );
      if (override)
        writeFileSync(join(workDir, CLUSTER_OVERRIDE_FILE), JSON.stringify(override, null, 2));
    },
    syncApplications: async (workDir) => {
      if (!options.helm) return 'the toolchain has no helm: run "node tools/toolchain/install.mjs"';
      argoCd = new ArgoCdStandIn({
        access: plane.access,
        helm: options.helm,
        repoRoot: options.repoRoot,
        namespace: ARGO_CD_NAMESPACE,
        kubeVersion: options.binaries.versions.kubernetes,
        workDir,
        postrender: injection,
      });
      // Argo CD's finalizer must be played from the first sync on: an Application that
      // exists is one the destroy will have to delete.
      argoCd.start();
      const results = await argoCd.syncAll();
      const refused = results.flatMap((result) =>
        result.refused.map((reason) => `Application ${result.application}: ${reason}`),
      );
      if (results.length === 0) return `no Application in namespace ${ARGO_CD_NAMESPACE}`;
      if (refused.length > 0) return refused.join('\n');
      const unavailable = await waitForDeployments(plane.access, results);
      if (unavailable.length > 0) return `not available: ${unavailable.join(', ')}`;
      const objects = results.reduce((sum, result) => sum + result.applied.length, 0);
      return {
        note: `${results.length} Applications synced, ${objects} objects applied, their Deployments available`,
      };
    },
    standInErrors: () =>
      [
        ['volume stand-in', volumes.lastError],
        ["Argo CD's finalizer", argoCd?.lastError],
      ].flatMap(([who, error]) => (error ? [`${who}: ${error}`] : [])),
    stop: async () => {
      await argoCd?.stop();
      await volumes.stop();
      await plane.stop();
    },
  };
}

/** Where the cluster layer installs Argo CD and its Applications. */
const ARGO_CD_NAMESPACE = 'argocd';
const DEPLOYMENT_WAIT_MS = 120_000;

interface DeploymentObject extends KubeObject {
  readonly spec: { readonly replicas?: number };
  readonly status?: { readonly availableReplicas?: number };
}

/** The Deployments the synced Applications created that are not available in time. */
async function waitForDeployments(
  access: KubeAccess,
  results: readonly SyncResult[],
): Promise<string[]> {
  const key = (namespace: string | undefined, name: string) => `${namespace}/${name}`;
  const wanted = new Set(
    results.flatMap((result) =>
      result.applied
        .filter((object) => object.kind === 'Deployment')
        .map((object) => key(object.namespace, object.name)),
    ),
  );
  const deadline = Date.now() + DEPLOYMENT_WAIT_MS;
  for (;;) {
    const unavailable = (await kubeList<DeploymentObject>(access, '/apis/apps/v1/deployments'))
      .map((d) => ({ id: key(d.metadata.namespace, d.metadata.name), d }))
      .filter(
        ({ id, d }) =>
          wanted.has(id) && (d.status?.availableReplicas ?? 0) < (d.spec.replicas ?? 1),
      )
      .map(({ id }) => id);
    if (unavailable.length === 0 || Date.now() > deadline) return unavailable;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

interface StateJson {
  readonly resources?: ReadonlyArray<{
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: ReadonlyArray<{
      readonly attributes: { readonly name?: string; readonly status?: string };
    }>;
  }>;
}

/** Every helm_release in a stack's state reached `deployed`; the note counts them. */
export function releasesDeployed(state: string | undefined): string | { note: string } {
  if (state === undefined) return 'the stack has no state';
  const releases = (JSON.parse(state) as StateJson).resources?.filter(
    (resource) => resource.mode === 'managed' && resource.type === 'helm_release',
  );
  const instances = (releases ?? []).flatMap((resource) => resource.instances);
  if (instances.length === 0) return 'the state holds no helm_release';
  const notDeployed = instances.filter((instance) => instance.attributes.status !== 'deployed');
  return notDeployed.length > 0
    ? `not deployed: ${notDeployed.map((i) => `${i.attributes.name} (${i.attributes.status})`).join(', ')}`
    : { note: `${instances.length} releases deployed` };
}

/** The kinds whose objects only work with a container behind them. */
const CONTAINER_KINDS: Readonly<Record<string, string>> = {
  mutatingwebhookconfigurations: 'MutatingWebhookConfiguration',
  validatingwebhookconfigurations: 'ValidatingWebhookConfiguration',
  jobs: 'Job',
  apiservices: 'APIService',
};

/**
 * What the providers created that needs a container to do its work (a webhook configuration
 * calls a server; a Job runs a program) must each be named in gaps.json, and every entry
 * there must have been created: nothing is skipped silently, nothing listed is stale. The
 * note counts the objects the providers created, from the API server's audit log.
 */
export function unlistedContainerNeeds(
  events: readonly AuditEvent[],
  listed: readonly ContainerNeed[],
): string | { note: string } {
  const created = events.filter(
    (event) =>
      event.verb === 'create' &&
      event.objectRef?.subresource === undefined &&
      (event.responseStatus?.code ?? 0) < 300,
  );
  const needs = new Set(
    created.flatMap((event) => {
      const kind = CONTAINER_KINDS[event.objectRef?.resource ?? ''];
      return kind ? [`${kind}/${event.objectRef?.name}`] : [];
    }),
  );
  const names = new Set(listed.map((entry) => `${entry.kind}/${entry.name}`));
  const unlisted = [...needs].filter((need) => !names.has(need)).sort();
  const stale = [...names].filter((name) => !needs.has(name)).sort();
  const problems = [
    ...unlisted.map(
      (need) => `${need} was created but gaps.json (cluster.needsContainers) does not name it`,
    ),
    ...stale.map((name) => `gaps.json names ${name}, which no release created`),
  ];
  return problems.length > 0
    ? problems.join('\n')
    : { note: `${created.length} objects created; ${needs.size} need a container (listed)` };
}
