import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { loadToolchain } from '../validate/toolchain';
import { checkChart } from './check-chart';
import { validateCustomResource } from './crd-schemas';
import { chartRenderings } from './release-values';

const root = findWorkspaceRoot(__dirname);
const { kubeTools } = loadToolchain();
if (!kubeTools) throw new Error('run "node tools/toolchain/install.mjs" first: no kube tools');
const tools = kubeTools;
const work = mkdtempSync(join(tmpdir(), 'strata-charts-'));

function rendering(
  chart: string,
  values: Record<string, unknown>,
  chartDir = join(root, 'charts', chart),
) {
  return { stack: 'test', chart, chartDir, namespace: 'default', values };
}

describe('chartRenderings', () => {
  it('finds bundled charts and the app-of-apps values in a synthesized stack', () => {
    const stackDir = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    const root = {
      applications: {
        'strata-root': {
          namespace: 'argocd',
          source: { path: 'charts/argocd-apps', helm: { valuesObject: { environment: 'dev' } } },
        },
      },
    };
    writeFileSync(
      join(stackDir, 'cdk.tf.json'),
      JSON.stringify({
        resource: {
          helm_release: {
            a: {
              name: 'mesh-policies',
              chart: 'assets/chart-mesh-policies/ABC',
              namespace: 'istio-system',
              values: ['mtlsMode: STRICT\n'],
            },
            b: { name: 'argocd-root-app', chart: 'argocd-apps', values: [JSON.stringify(root)] },
            c: { name: 'vault', chart: 'vault', values: ['{}'] },
          },
        },
      }),
    );
    const found = chartRenderings('s', stackDir, '/charts');
    expect(found.map((r) => [r.chart, r.namespace, r.values])).toEqual([
      ['mesh-policies', 'istio-system', { mtlsMode: 'STRICT' }],
      ['argocd-apps', 'argocd', { environment: 'dev' }],
    ]);
  });
});

describe('checkChart (real helm, kubeconform and kube-score)', () => {
  it('passes the charts with their default values', () => {
    for (const chart of ['platform-baseline', 'mesh-policies', 'argocd-apps']) {
      const result = checkChart(rendering(chart, {}), tools, '1.34', work);
      expect(result.failures).toEqual([]);
      expect(result.manifests).toBeGreaterThan(0);
    }
  });

  it('fails values that break values.schema.json (permissive mTLS)', () => {
    const result = checkChart(
      rendering('mesh-policies', { mtlsMode: 'PERMISSIVE' }),
      tools,
      '1.34',
      work,
    );
    expect(result.passed).toBe(false);
    expect(result.failures.join('\n')).toMatch(/helm lint[\s\S]*mtlsMode/);
  });

  it('fails a manifest with a field Kubernetes does not know (kubeconform, strict)', () => {
    const chartDir = join(work, 'broken');
    mkdirSync(join(chartDir, 'templates'), { recursive: true });
    writeFileSync(join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    writeFileSync(
      join(chartDir, 'templates', 'ns.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\nspec:\n  finalizerz: [kubernetes]\n',
    );
    const result = checkChart(rendering('broken', {}, chartDir), tools, '1.34', work);
    expect(result.failures.join('\n')).toMatch(/kubeconform[\s\S]*finalizerz/);
  });
});

describe('validateCustomResource', () => {
  it('rejects an Application that breaks the Argo CD CRD schema', () => {
    const problem = validateCustomResource({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'x' },
      spec: { project: 'p', destination: {}, source: { repoURL: 42 } },
    });
    expect(problem).toMatch(/repoURL/);
  });

  it('names custom resources it has no schema for', () => {
    expect(validateCustomResource({ apiVersion: 'example.com/v1', kind: 'Widget' })).toMatch(
      /no schema/,
    );
  });
});
