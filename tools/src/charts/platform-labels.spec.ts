import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot } from '@strata/config';
import { KarpenterNodePoolsValues, nodePoolSpec } from '@strata/constructs/helm';
import { PLATFORM_LABELS } from '@strata/constructs/vocabulary';
import { loadToolchain } from '../validate/toolchain';
import { renderRelease } from './render';

// The packaged karpenter-node-pools chart, rendered by real helm with a team's own labels.
const { kubeTools } = loadToolchain();
const root = findWorkspaceRoot(__dirname);
const chart = join(root, 'charts', 'karpenter-node-pools');

function render(labels: KarpenterNodePoolsValues['labels']) {
  if (!kubeTools) throw new Error('no chart tools');
  const values: KarpenterNodePoolsValues = {
    nodeClass: {
      name: 'default',
      role: 'nodes',
      imageAlias: 'al2023@latest',
      discovery: { key: 'karpenter.sh/discovery', value: 'payments' },
      rootVolume: { sizeGib: 50, kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k' },
    },
    nodePools: [nodePoolSpec({ name: 'general', cpuLimit: 16, memoryLimitGib: 64 })],
    labels,
  };
  return renderRelease({
    helm: kubeTools.helm,
    release: 'karpenter-node-pools',
    chart,
    namespace: 'karpenter',
    values: values as unknown as Record<string, unknown>,
    kubernetesVersion: '1.34',
    apiVersions: [],
    workDir: mkdtempSync(join(tmpdir(), 'strata-labels-')),
  }).objects.map((object) => object.manifest);
}

describe("the platform's labels in a packaged chart", () => {
  it("default to PLATFORM_LABELS, which the chart's values.yaml spells the same", () => {
    const defaults = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as {
      labels: unknown;
    };
    expect(defaults.labels).toEqual(PLATFORM_LABELS);
  });

  it("are a team's own when it overrides them: no object names strata", () => {
    const objects = render({ partOf: 'payments', nodePool: 'payments.example.com/pool' });
    expect(objects.length).toBeGreaterThan(1);
    for (const object of objects)
      expect(object.metadata?.labels?.['app.kubernetes.io/part-of']).toBe('payments');
    const pool = objects.find((object) => object.kind === 'NodePool') as unknown as {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    expect(pool.spec.template.metadata.labels).toEqual({ 'payments.example.com/pool': 'general' });
    expect(JSON.stringify(objects)).not.toMatch(/strata/);
  });
});
