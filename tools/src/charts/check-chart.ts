import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeTools } from '../validate/toolchain';
import { CRD_KINDS, Manifest, validateCustomResource } from './crd-schemas';
import { ChartRendering } from './release-values';

export interface ChartCheckResult {
  readonly stack: string;
  readonly chart: string;
  readonly passed: boolean;
  readonly manifests: number;
  readonly failures: readonly string[];
}

/**
 * kube-score checks that cannot pass on a chart without workloads, each with its reason.
 * Everything else kube-score reports as critical fails the check.
 */
export const KUBE_SCORE_IGNORED: Readonly<Record<string, string>> = {
  'networkpolicy-targets-pod':
    'the baseline policies select every pod of namespaces whose workloads Argo CD deploys later; kube-score sees only this chart',
};

function exec(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

/**
 * Runs every check on one rendering: `helm lint --strict` (values.schema.json included),
 * `helm template`, kubeconform against offline Kubernetes schemas (strict: unknown fields
 * fail), the CRD schemas for custom resources, and kube-score.
 */
export function checkChart(
  rendering: ChartRendering,
  tools: KubeTools,
  /** Kubernetes minor version as environments spell it, e.g. `1.34`. */
  kubernetesVersion: string,
  workDir: string,
): ChartCheckResult {
  const release = `${kubernetesVersion}.0`; // helm and kubeconform want a full release
  const failures: string[] = [];
  const dir = join(workDir, rendering.stack);
  mkdirSync(dir, { recursive: true });
  const valuesFile = join(dir, `${rendering.chart}.values.json`);
  writeFileSync(valuesFile, JSON.stringify(rendering.values, null, 2));
  const common = ['--values', valuesFile, '--kube-version', release];

  const lint = exec(tools.helm, ['lint', '--strict', rendering.chartDir, ...common]);
  if (!lint.ok) failures.push(`helm lint: ${lint.output.trim()}`);

  const template = exec(tools.helm, [
    'template',
    rendering.chart,
    rendering.chartDir,
    '--namespace',
    rendering.namespace,
    ...common,
  ]);
  if (!template.ok) {
    failures.push(`helm template: ${template.output.trim()}`);
    return {
      stack: rendering.stack,
      chart: rendering.chart,
      passed: false,
      manifests: 0,
      failures,
    };
  }
  const manifestFile = join(dir, `${rendering.chart}.yaml`);
  writeFileSync(manifestFile, template.output);
  const manifests = parseAllDocuments(template.output)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => !!manifest);

  const conform = exec(tools.kubeconform, [
    '-strict',
    '-summary',
    '-kubernetes-version',
    release,
    '-schema-location',
    join(
      tools.schemaDir,
      '{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json',
    ),
    '-skip',
    CRD_KINDS.join(','),
    manifestFile,
  ]);
  if (!conform.ok) failures.push(`kubeconform: ${conform.output.trim()}`);

  for (const manifest of manifests) {
    if (!CRD_KINDS.includes(manifest.kind ?? '')) continue;
    const problem = validateCustomResource(manifest);
    if (problem)
      failures.push(`CRD schema: ${manifest.kind}/${manifest.metadata?.name}: ${problem}`);
  }

  const score = exec(tools.kubeScore, [
    'score',
    '--output-format',
    'ci',
    '--kubernetes-version',
    `v${kubernetesVersion}`,
    ...Object.keys(KUBE_SCORE_IGNORED).flatMap((test) => ['--ignore-test', test]),
    manifestFile,
  ]);
  const critical = score.output.split('\n').filter((line) => line.startsWith('[CRITICAL]'));
  if (!score.ok || critical.length > 0) {
    failures.push(`kube-score: ${critical.length > 0 ? critical.join('\n') : score.output.trim()}`);
  }

  return {
    stack: rendering.stack,
    chart: rendering.chart,
    passed: failures.length === 0,
    manifests: manifests.length,
    failures,
  };
}
