import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findWorkspaceRoot } from '@strata/config';
import { COMPONENT_CATALOGUE } from '@strata/constructs/vocabulary';
import {
  admissionPoliciesDefaults,
  ARGOCD_APPS_CHART,
  PLATFORM_SERVICE_CHART_PATH,
  platformServiceValues,
  ISTIO_BASE_CHART,
  ISTIOD_CHART,
  METRICS_SERVER_CHART,
} from '@strata/constructs/helm';
import { loadToolchain } from '../validate/toolchain';
import { checkStack, StackCheckOptions } from './check-stack';

// Real helm, kubeconform, kube-score and strata-admission, on the real upstream charts (the
// chart source: STRATA_CHART_MIRROR, as .ci/run sets it, or the charts' repositories).
const toolchain = loadToolchain();
const root = findWorkspaceRoot(__dirname);

function options(workDir: string): StackCheckOptions {
  if (!toolchain.kubeTools || !toolchain.admission) throw new Error('no chart tools');
  return {
    tools: toolchain.kubeTools,
    admission: toolchain.admission.path,
    kubernetesVersion: '1.34',
    highAvailability: false,
    chartsDir: join(root, 'charts'),
    workDir,
    rules: {},
  };
}

interface Release {
  readonly name: string;
  readonly namespace: string;
  readonly chart: { chart: string; repository?: string; version: string };
  readonly values: Record<string, unknown>;
}

/** A synthesized stack in miniature: namespaces and Helm releases, as cdktf writes them. */
function stack(
  releases: readonly Release[],
  namespaces: Record<string, Record<string, string>> = {},
  dir = mkdtempSync(join(tmpdir(), 'strata-stack-')),
): string {
  writeFileSync(
    join(dir, 'cdk.tf.json'),
    JSON.stringify({
      resource: {
        kubernetes_namespace_v1: Object.fromEntries(
          Object.entries(namespaces).map(([name, labels]) => [
            name,
            { metadata: { name, labels } },
          ]),
        ),
        helm_release: Object.fromEntries(
          releases.map((release) => [
            release.name,
            {
              name: release.name,
              namespace: release.namespace,
              ...release.chart,
              values: [stringify(release.values)],
            },
          ]),
        ),
      },
    }),
  );
  return dir;
}

/** A project-style chart bundled into the stack: Chart.yaml, empty values, no templates yet. */
function bundleChart(stackDir: string, name: string): { chart: Release['chart']; dir: string } {
  const dir = join(stackDir, 'assets', `chart-${name}`, 'ABC');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'values.yaml'), '{}\n');
  return { chart: { chart: `assets/chart-${name}/ABC`, version: '0.1.0' }, dir };
}

/** A project-style chart bundled into the stack: one Deployment that is fine on its own. */
function bundleApp(stackDir: string): Release['chart'] {
  const { chart: release, dir: chart } = bundleChart(stackDir, 'app');
  writeFileSync(
    join(chart, 'templates', 'deployment.yaml'),
    stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'apps' },
      spec: {
        selector: { matchLabels: { app: 'app' } },
        template: {
          metadata: { labels: { app: 'app' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image:
                  'registry.example.com/app@sha256:0000000000000000000000000000000000000000000000000000000000000000',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    }),
  );
  return release;
}

const repository = ({
  chart,
  repository,
  version,
}: {
  chart: string;
  repository: string;
  version: string;
}) => ({
  chart,
  repository,
  version,
});

describe('checkStack (real charts, Istio injector and Pod Security evaluator)', () => {
  const work = mkdtempSync(join(tmpdir(), 'strata-charts-'));

  it('fails istiod values the chart never reads: the pilot.* layout of older charts (priority class, replicas)', () => {
    const reports = checkStack(
      'pilot',
      stack([
        {
          name: 'istiod',
          namespace: 'istio-system',
          chart: repository(ISTIOD_CHART),
          values: { pilot: { priorityClassName: 'system-cluster-critical', autoscaleMin: 2 } },
        },
      ]),
      options(work),
    );
    expect(reports[0].findings.filter((finding) => finding.check === 'values')).toEqual([
      {
        check: 'values',
        message: 'pilot is not a value of istiod@1.30.3; Helm ignores it',
      },
    ]);
  });

  it('fails a value key the chart never reads, and passes the same release spelt right', () => {
    const misspelt = checkStack(
      'typo',
      stack([
        {
          name: 'metrics-server',
          namespace: 'kube-system',
          chart: repository(METRICS_SERVER_CHART),
          values: { replica: 2 },
        },
      ]),
      options(work),
    );
    expect(misspelt[0].findings).toContainEqual({
      check: 'values',
      message: 'replica is not a value of metrics-server@3.13.0; Helm ignores it',
    });
    const spelt = checkStack(
      'spelt',
      stack([
        {
          name: 'metrics-server',
          namespace: 'kube-system',
          chart: repository(METRICS_SERVER_CHART),
          values: { replicas: 2 },
        },
      ]),
      options(work),
    );
    expect(spelt[0].findings.filter((finding) => finding.check === 'values')).toEqual([]);
  });

  /** istiod with or without CNI, and an app in a meshed namespace that enforces baseline. */
  const meshed = (cni: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    return stack(
      [
        {
          name: 'istio-base',
          namespace: 'istio-system',
          chart: repository(ISTIO_BASE_CHART),
          values: {},
        },
        {
          name: 'istiod',
          namespace: 'istio-system',
          chart: repository(ISTIOD_CHART),
          values: { cni: { enabled: cni } },
        },
        { name: 'app', namespace: 'apps', chart: bundleApp(dir), values: {} },
      ],
      { apps: { 'pod-security.kubernetes.io/enforce': 'baseline', 'istio-injection': 'enabled' } },
      dir,
    );
  };

  it("rejects an injected pod in a baseline namespace without Istio CNI (istio-init's NET_ADMIN)", () => {
    const reports = checkStack('no-cni', meshed(false), options(work));
    const app = reports.find((report) => report.release === 'app')!;
    expect(app.injected).toBe(1);
    expect(app.findings).toContainEqual(
      expect.objectContaining({
        check: 'pod-security',
        message: expect.stringMatching(
          /Deployment\/apps\/app .*baseline.*non-default capabilities.*"istio-init".*NET_ADMIN/,
        ),
      }),
    );
  });

  it('admits the same pod with Istio CNI', () => {
    const reports = checkStack('cni', meshed(true), options(work));
    const app = reports.find((report) => report.release === 'app')!;
    expect(app.injected).toBe(1);
    expect(app.findings.filter((finding) => finding.check === 'pod-security')).toEqual([]);
  });

  it("admits every workload through the stack's own admission policies, naming each refusal", () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    const policiesChart = join(dir, 'assets', 'chart-admission-policies', 'ABC');
    cpSync(join(root, 'charts', 'admission-policies'), policiesChart, { recursive: true });
    const reports = checkStack(
      'policies',
      stack(
        [
          {
            name: 'admission-policies',
            namespace: 'kube-system',
            chart: { chart: 'assets/chart-admission-policies/ABC', version: '0.1.0' },
            values: { ...admissionPoliciesDefaults('333333333333', 'us-east-1') },
          },
          { name: 'app', namespace: 'apps', chart: bundleApp(dir), values: {} },
        ],
        { apps: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
        dir,
      ),
      options(work),
    );
    const app = reports.find((report) => report.release === 'app')!;
    // The app's image is from no known source, its pod has no name label and no resources.
    expect(
      [
        ...new Set(
          app.findings
            .filter((finding) => finding.check === 'admission-policy')
            .map((finding) => /: (strata-[a-z-]+) \(/.exec(finding.message)?.[1]),
        ),
      ].sort(),
    ).toEqual(['strata-image-sources', 'strata-required-labels', 'strata-resources']);
    expect(reports.find((report) => report.release === 'admission-policies')?.passed).toBe(true);
  });

  it('fails a chart the chart source does not hold, naming chart, version, repository and setting', () => {
    const reports = checkStack(
      'missing-chart',
      stack([
        {
          name: 'metrics-server',
          namespace: 'kube-system',
          chart: repository({ ...METRICS_SERVER_CHART, version: '3.12.99' }),
          values: {},
        },
      ]),
      options(work),
    );
    expect(reports[0]).toMatchObject({ passed: false, source: 'not found', objects: 0 });
    // With the mirror (as npm test has it) "not in the chart mirror"; without, "could not be pulled".
    expect(reports[0].findings).toEqual([
      {
        check: 'chart',
        message: expect.stringMatching(
          /^Chart metrics-server 3\.12\.99 \(repository https:\/\/kubernetes-sigs\.github\.io\/metrics-server\/\) .*STRATA_CHART_MIRROR/,
        ),
      },
    ]);
  });

  it('fails a release that renders no objects, unless its check rules say why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    const { chart } = bundleChart(dir, 'empty');
    const stackDir = stack(
      [{ name: 'empty', namespace: 'kube-system', chart, values: {} }],
      {},
      dir,
    );
    const undeclared = checkStack('empty', stackDir, options(work));
    expect(undeclared[0]).toMatchObject({ passed: false, objects: 0 });
    expect(undeclared[0].findings).toEqual([
      {
        check: 'render',
        message: expect.stringMatching(
          /^project chart charts\/empty, from bundled with the stack, rendered no objects with the values in .*empty\.values\.json: .* declare `rendersNothing`/,
        ),
      },
    ]);
    const declared = checkStack('empty-declared', stackDir, {
      ...options(work),
      rules: { empty: { rendersNothing: 'a placeholder the test installs on purpose' } },
    });
    expect(declared[0]).toMatchObject({ passed: true, objects: 0, findings: [] });
  });

  it('fails a release into a namespace no stack creates, and passes once the stack creates it', () => {
    const bare = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    const missing = checkStack(
      'no-namespace',
      stack([{ name: 'app', namespace: 'apps', chart: bundleApp(bare), values: {} }], {}, bare),
      options(work),
    );
    expect(missing[0].passed).toBe(false);
    expect(missing[0].findings.filter((finding) => finding.check === 'namespace')).toEqual([
      {
        check: 'namespace',
        message: expect.stringMatching(
          /^namespace apps is created by no stack \(needed by the release itself, Deployment\/app\)/,
        ),
      },
    ]);
    const withNamespace = mkdtempSync(join(tmpdir(), 'strata-stack-'));
    const created = checkStack(
      'namespace',
      stack(
        [{ name: 'app', namespace: 'apps', chart: bundleApp(withNamespace), values: {} }],
        { apps: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
        withNamespace,
      ),
      options(work),
    );
    expect(created[0].findings.filter((finding) => finding.check === 'namespace')).toEqual([]);
  });

  const metricsServer = (name: string, values: Record<string, unknown>) =>
    checkStack(
      name,
      stack([
        {
          name: 'metrics-server',
          namespace: 'kube-system',
          chart: repository(METRICS_SERVER_CHART),
          values,
        },
      ]),
      { ...options(work), highAvailability: true },
    )[0].findings.filter((finding) => ['disruption', 'duplicate-setting'].includes(finding.check));

  // The add-on once passed `args` beside the chart's defaultArgs: the flag twice, the first dead.
  it('fails a flag the rendered container gets twice', () => {
    expect(
      metricsServer('flag-twice', { args: ['--kubelet-preferred-address-types=InternalIP'] }),
    ).toEqual([
      {
        check: 'duplicate-setting',
        message:
          'Deployment kube-system/metrics-server container metrics-server gives flag --kubelet-preferred-address-types more than once',
      },
    ]);
  });

  it('fails a disruption budget that allows no eviction at the replicas the workload runs', () => {
    const budget = { podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    expect(metricsServer('one-replica', { ...budget, replicas: 1 })).toEqual([
      {
        check: 'disruption',
        message: expect.stringMatching(
          /^PodDisruptionBudget kube-system\/metrics-server \(minAvailable 1\) allows no eviction of Deployment metrics-server at 1 replica, the fewest it runs with/,
        ),
      },
    ]);
    expect(metricsServer('two-replicas', { ...budget, replicas: 2 })).toEqual([]);
  });

  it('renders every Application the app-of-apps declares from its path here, and fails one whose path holds no chart', () => {
    const gateway = platformServiceValues({
      name: 'gateway',
      spec: COMPONENT_CATALOGUE.gateway,
      deployment: { image: '1.4.2' },
      environmentName: 'dev',
      project: 'strata',
      accountId: '111111111111',
      region: 'us-east-1',
      highAvailability: false,
      config: { TABLE_NAME: 'strata-dev-platform' },
      secretEnv: [],
      gitops: { repoUrl: 'https://github.com/example-org/strata.git', revision: 'main' },
    });
    const appOfApps = {
      environment: 'dev',
      region: 'us-east-1',
      repoUrl: 'https://github.com/example-org/strata.git',
      revision: 'main',
      project: { name: 'strata', description: 'components' },
      components: ['gateway', 'registry'],
      applications: [
        {
          name: 'gateway',
          namespace: 'gateway',
          path: PLATFORM_SERVICE_CHART_PATH,
          values: gateway,
        },
        { name: 'registry', namespace: 'registry', path: 'deploy/registry', values: {} },
      ],
      syncPolicy: { prune: true, selfHeal: true },
    };
    const reports = checkStack(
      'app-of-apps',
      stack([
        {
          name: 'argocd-root-app',
          namespace: 'argocd',
          chart: repository(ARGOCD_APPS_CHART),
          values: {
            applications: {
              'strata-root': {
                namespace: 'argocd',
                project: 'default',
                source: {
                  repoURL: appOfApps.repoUrl,
                  targetRevision: 'main',
                  path: 'charts/argocd-apps',
                  helm: { valuesObject: appOfApps },
                },
                destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
              },
            },
          },
        },
      ]),
      options(work),
    );
    const report = (release: string) =>
      reports.find((candidate) => candidate.release === `argocd-root-app/strata-root${release}`);
    expect(report('/registry')?.findings.filter((finding) => finding.check === 'chart')).toEqual([
      {
        check: 'chart',
        message:
          "Argo CD's Application registry points at deploy/registry, which is no chart in this repository (no Chart.yaml)",
      },
    ]);
    // The component itself, rendered with exactly the values its Application carries.
    expect(report('/gateway')).toMatchObject({ chart: 'charts/platform-service', podTemplates: 2 });
    expect(report('/gateway')?.objects).toBeGreaterThan(10);
    // The app-of-apps' own rendering: its Applications, each matched to what the check rendered.
    expect(report('')?.findings.filter((finding) => finding.check === 'argocd-source')).toEqual([
      {
        check: 'argocd-source',
        message: 'Application registry: deploy/registry renders no objects',
      },
    ]);
  });
});
