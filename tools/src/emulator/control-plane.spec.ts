/**
 * What only a real API server finds, proven on the toolchain's control plane: CRD validation
 * rules (CEL), and objects applied before their namespace or their CRD. The chart check's
 * schemas skip CEL rules, so it passes each object refused here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { resolveChartArchive } from '@strata/core';
import { parseAllDocuments } from 'yaml';
import { helmReleases } from '../charts/helm-releases';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { loadToolchain } from '../validate/toolchain';
import { ControlPlane } from './control-plane';
import { KubeAccess, kubeRequest } from './kube-api';
import { KubeMapper } from './kube-mapper';

const root = findWorkspaceRoot(__dirname);
const toolchain = loadToolchain();
const helm = toolchain.kubeTools!.helm;

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

function render(chart: string, values: object = {}): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'strata-render-'));
  try {
    writeFileSync(join(dir, 'values.json'), JSON.stringify(values));
    const output = execFileSync(
      helm,
      [
        'template',
        'test',
        chart,
        '--include-crds',
        '--kube-version',
        toolchain.controlPlane!.versions.kubernetes,
        '--values',
        join(dir, 'values.json'),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    return parseAllDocuments(output)
      .map((document) => document.toJS() as Manifest | null)
      .filter((manifest): manifest is Manifest => manifest !== null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Server-side apply, as the providers and Argo CD do; resolves to the API server's answer. */
async function apply(
  access: KubeAccess,
  mapper: KubeMapper,
  manifest: Manifest,
): Promise<{ status: number; message: string }> {
  const { path } = await mapper.objectPath(
    manifest.apiVersion,
    manifest.kind,
    manifest.metadata.name,
    manifest.metadata.namespace,
  );
  const response = await kubeRequest<{ message?: string }>(
    access,
    'PATCH',
    `${path}?fieldManager=strata-test&force=true`,
    manifest,
    'application/apply-patch+yaml',
  );
  return { status: response.status, message: response.body?.message ?? '' };
}

describe('the local control plane', () => {
  let plane: ControlPlane;
  let workDir: string;
  let mapper: KubeMapper;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'strata-control-plane-'));
    plane = await ControlPlane.start({
      binaries: toolchain.controlPlane!,
      workDir,
      nodes: [{ name: 'system-1', zone: 'us-east-1a', instanceType: 'm7i.large' }],
    });
    mapper = new KubeMapper(plane.access);
  }, 120_000);

  afterAll(async () => {
    await plane?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('reports the release it was built from', async () => {
    const response = await kubeRequest<{ gitVersion: string }>(plane.access, 'GET', '/version');
    expect(response.body.gitVersion).toBe(toolchain.controlPlane!.versions.kubernetes);
  });

  it('refuses a custom resource before its CRD, then enforces the CRD rules the schema check skips', async () => {
    // The platform's own EC2NodeClass: the local add-ons stack's values for its chart, with
    // the role the cluster stack's output would give.
    const outdir = join(workDir, 'cdktf.out');
    const synth = synthCompiledApp(root, 'cluster', outdir, { STRATA_ENV: 'local' });
    if (synth.status !== 0) throw new Error(synth.stderr);
    const stack = synthesizedStacks(root, 'cluster', outdir).find((candidate) =>
      candidate.stack.startsWith('addons-local-'),
    )!;
    const releases = helmReleases(stack.stack, stack.stackDir, join(root, 'charts'));
    const release = releases.find((candidate) => candidate.release === 'karpenter-node-pools')!;
    const crdChart = releases.find((candidate) => candidate.release === 'karpenter-crd')!.chart;
    if (crdChart.kind !== 'repository') throw new Error('karpenter-crd is not a repository chart');
    const values = release.values as { nodeClass: Record<string, unknown> };
    const nodeClass = render(join(root, 'charts', 'karpenter-node-pools'), {
      ...values,
      nodeClass: { ...values.nodeClass, role: 'KarpenterNodeRole-local' },
    }).find((manifest) => manifest.kind === 'EC2NodeClass')!;
    expect(nodeClass.spec?.role).toBe('KarpenterNodeRole-local');

    // Before Karpenter's CRDs: the API server does not serve the kind at all.
    await expect(apply(plane.access, mapper, nodeClass)).rejects.toThrow(
      /serves no .*karpenter\.k8s\.aws/,
    );

    const archive = resolveChartArchive(crdChart, helm).path;
    const crds = render(archive).filter((manifest) => manifest.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(0);
    for (const crd of crds) expect((await apply(plane.access, mapper, crd)).status).toBe(201);
    // A new CRD is served once it is Established; discovery is read afresh.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    mapper.reset();

    expect((await apply(plane.access, mapper, nodeClass)).status).toBe(201);
    // Both role and instanceProfile: the CRD's x-kubernetes-validations rule refuses it.
    const both = {
      ...nodeClass,
      metadata: { name: 'both' },
      spec: { ...nodeClass.spec, instanceProfile: 'KarpenterNodeInstanceProfile' },
    };
    const refused = await apply(plane.access, mapper, both);
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/role.*instanceProfile|instanceProfile.*role/i);
  }, 120_000);

  it('refuses an object whose namespace does not exist yet', async () => {
    const configMap: Manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'early', namespace: 'not-created-yet' },
    };
    const refused = await apply(plane.access, mapper, configMap);
    expect(refused.status).toBe(404);
    expect(refused.message).toMatch(/namespaces "not-created-yet" not found/);
    const namespace: Manifest = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'not-created-yet' },
    };
    expect((await apply(plane.access, mapper, namespace)).status).toBe(201);
    expect((await apply(plane.access, mapper, configMap)).status).toBe(201);
  });
});
