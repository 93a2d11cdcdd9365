import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AddonCheckRules } from '@strata/constructs/helm';
import { resolveChartArchive } from '@strata/core';
import { KubeTools } from '../validate/toolchain';
import { alertSourceProblems } from './alert-sources';
import { applicationSourceProblems } from './application-sources';
import { admittedAs, kubeScoreView } from './rollout-view';
import { workloadTargetProblems } from './workload-targets';
import { runbookLinkProblems } from './runbook-links';
import { ScrapeablePod } from './metric-sources';
import { chartValueSchema, unpackChart } from './chart-files';
import { definedKinds, isCrd, Manifest, writeCrdSchemas } from './crd-schemas';
import { installOrderProblems } from './install-order';
import { HelmReleaseSpec, helmReleases } from './helm-releases';
import { kubeScore } from './kube-score';
import { kubeconform } from './kubeconform';
import { clusterScopedCustomKinds, namespaceProblems } from './namespaces';
import { releaseRecordProblems } from './release-records';
import { tlsNameProblems } from './tls-names';
import { certificateRenewalProblems } from './certificate-renewal';
import {
  disruptionProblems,
  duplicateSettingProblems,
  persistentStateProblems,
} from './workload-rules';
import {
  AdmissionResult,
  admit,
  isWorkload,
  meshInjectionFrom,
  namespacePolicy,
  NamespacePolicy,
  UNLABELLED_NAMESPACE,
  webhookInjects,
  withAdmittedPod,
  WorkloadAdmission,
} from './pod-security';
import { exec, RenderedObject, renderRelease } from './render';
import { formatValuePath, unknownValueKeys } from './value-keys';
import { EdgeBinding, wiringProblems } from './wiring';
import { identityBindings, identityProblems } from './workload-identity';

/** The checks a release goes through, in order. */
export type CheckName =
  | 'chart'
  | 'argocd-source'
  | 'namespace'
  | 'wiring'
  | 'render'
  | 'lint'
  | 'values'
  | 'schema'
  | 'pod-security'
  | 'admission-policy'
  | 'kube-score'
  | 'alert-sources'
  | 'workload-identity'
  | 'disruption'
  | 'duplicate-setting'
  | 'tls-names'
  | 'certificate-renewal'
  | 'persistent-state'
  | 'release-record'
  | 'install-order';

export interface Finding {
  readonly check: CheckName;
  readonly message: string;
}

/** What the check found for one Helm installation of one stack. */
export interface ReleaseReport {
  readonly stack: string;
  readonly release: string;
  readonly namespace: string;
  /** `chart@version`, or `charts/<name>` for the project's own. */
  readonly chart: string;
  /** Where the chart came from: mirror, cache, or the stack's bundled asset. */
  readonly source: string;
  readonly objects: number;
  readonly podTemplates: number;
  /** Pod templates that got the mesh's sidecar. */
  readonly injected: number;
  readonly passed: boolean;
  readonly findings: readonly Finding[];
}

export interface StackCheckOptions {
  readonly tools: KubeTools;
  /** strata-admission: Istio's injector plus the Pod Security evaluator. */
  readonly admission: string;
  /** Kubernetes minor version of the stack's cluster, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** Production: add-ons run replicas, so budgets and anti-affinity are checked. */
  readonly highAvailability: boolean;
  /** The repository's charts/ (the app-of-apps chart Argo CD reads from git). */
  readonly chartsDir: string;
  readonly workDir: string;
  /** Check rules declared by the add-ons, by release name. */
  readonly rules: Readonly<Record<string, AddonCheckRules>>;
  /** The edge layer's binding of its load balancer to the gateway, for the same region. */
  readonly edge?: readonly EdgeBinding[];
}

interface PreparedRelease {
  readonly spec: HelmReleaseSpec;
  readonly chartPath?: string;
  readonly chartLabel: string;
  readonly source: string;
  readonly findings: Finding[];
  objects: readonly RenderedObject[];
  file?: string;
}

function chartOf(spec: HelmReleaseSpec, helm: string, workDir: string): PreparedRelease {
  const base = { spec, findings: [] as Finding[], objects: [] as RenderedObject[] };
  if (spec.chart.kind === 'bundled' && !existsSync(join(spec.chart.dir, 'Chart.yaml'))) {
    return {
      ...base,
      chartLabel: spec.chart.name,
      source: 'not found',
      findings: [
        {
          check: 'chart',
          message: spec.argoCdSource
            ? `Argo CD's Application ${spec.release.split('/').pop()} points at ${spec.argoCdSource}, which is no chart in this repository (no Chart.yaml)`
            : `${spec.chart.dir} holds no chart (no Chart.yaml)`,
        },
      ],
    };
  }
  if (spec.chart.kind === 'bundled') {
    return {
      ...base,
      chartPath: spec.chart.dir,
      chartLabel: `charts/${spec.chart.name}`,
      source: 'bundled with the stack',
    };
  }
  const label = `${spec.chart.chart}@${spec.chart.version}`;
  try {
    const archive = resolveChartArchive(spec.chart, helm);
    return {
      ...base,
      chartPath: unpackChart(archive.path, workDir),
      chartLabel: label,
      source: archive.source,
    };
  } catch (error) {
    return {
      ...base,
      chartLabel: label,
      source: 'not found',
      findings: [{ check: 'chart', message: (error as Error).message }],
    };
  }
}

/** Where a release's chart and values come from, for messages. */
function describeChart(release: PreparedRelease): string {
  const chart = release.spec.chart;
  return chart.kind === 'bundled'
    ? `project chart charts/${chart.name}`
    : `chart ${chart.chart} ${chart.version} (repository ${chart.repository})`;
}

function emptyRenderingMessage(release: PreparedRelease): string {
  const values = release.file?.replace(/\.yaml$/, '.values.json');
  return (
    `${describeChart(release)}, from ${release.source}, rendered no objects with the values in ` +
    `${values}: installed, the ` +
    `release would create nothing (a switch that turns every template off, or the wrong chart). ` +
    `If that is intended, declare \`rendersNothing\` with the reason in the add-on's check rules`
  );
}

/**
 * What the cluster serves once the stack's CRDs are in, as `--api-versions` announces it:
 * `group/version` and `group/version/Kind` (charts test either form).
 */
function apiVersionsOf(crds: readonly Manifest[]): string[] {
  const versions = new Set<string>();
  for (const kind of definedKinds(crds)) {
    const [group, version] = kind.split('/');
    versions.add(`${group}/${version}`);
    versions.add(kind);
  }
  return [...versions].sort();
}

function render(
  release: PreparedRelease,
  options: StackCheckOptions,
  apiVersions: readonly string[],
  workDir: string,
): void {
  if (!release.chartPath) return;
  try {
    const rendering = renderRelease({
      helm: options.tools.helm,
      release: release.spec.release,
      chart: release.chartPath,
      namespace: release.spec.namespace,
      values: release.spec.values,
      kubernetesVersion: options.kubernetesVersion,
      apiVersions,
      workDir,
      skipCrds: release.spec.skipCrds,
    });
    release.objects = rendering.objects;
    release.file = rendering.file;
  } catch (error) {
    release.objects = [];
    release.file = undefined;
    release.findings.push({ check: 'render', message: (error as Error).message });
  }
}

/** Namespaces as admission sees them: the stack's own namespace resources, then chart-made ones. */
function namespacePolicies(
  stackDir: string,
  releases: readonly PreparedRelease[],
  labels: Map<string, Readonly<Record<string, string>>>,
): Map<string, NamespacePolicy> {
  const policies = new Map<string, NamespacePolicy>();
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: {
      kubernetes_namespace_v1?: Record<
        string,
        { metadata: { name: string; labels?: Record<string, string> } }
      >;
    };
  };
  for (const [id, namespace] of Object.entries(json.resource?.kubernetes_namespace_v1 ?? {})) {
    policies.set(
      namespace.metadata.name,
      namespacePolicy(namespace.metadata.labels, `kubernetes_namespace_v1.${id}`),
    );
    labels.set(namespace.metadata.name, namespace.metadata.labels ?? {});
  }
  for (const release of releases) {
    for (const { manifest } of release.objects) {
      if (manifest.kind === 'Namespace' && manifest.metadata?.name) {
        policies.set(
          manifest.metadata.name,
          namespacePolicy(manifest.metadata.labels, `${release.spec.release} (Namespace)`),
        );
        labels.set(manifest.metadata.name, manifest.metadata.labels ?? {});
      }
    }
  }
  return policies;
}

function isAdmissionKind(object: Manifest, kind: string): boolean {
  return object.kind === kind && object.apiVersion === 'admissionregistration.k8s.io/v1';
}

/**
 * Every check over every Helm installation of one synthesized addons stack. The charts are
 * rendered twice: once to learn which CRDs the stack installs, then with those APIs announced
 * (`--api-versions`), as Helm sees them on a cluster where the earlier releases are in place.
 */
export function checkStack(
  stack: string,
  stackDir: string,
  options: StackCheckOptions,
): ReleaseReport[] {
  const workDir = join(options.workDir, stack);
  const releases = helmReleases(stack, stackDir, options.chartsDir).map((spec) =>
    chartOf(spec, options.tools.helm, options.workDir),
  );

  for (const release of releases) render(release, options, [], join(workDir, 'pass1'));
  const firstCrds = releases.flatMap((release) =>
    release.objects.map((object) => object.manifest).filter(isCrd),
  );
  const apiVersions = apiVersionsOf(firstCrds);
  for (const release of releases) {
    // The second rendering is the one that counts; a chart that was never found stays a finding.
    const kept = release.findings.filter((finding) => finding.check !== 'render');
    release.findings.splice(0, release.findings.length, ...kept);
    render(release, options, apiVersions, workDir);
  }
  const all = releases.flatMap((release) => release.objects.map((object) => object.manifest));
  const crds = all.filter(isCrd);
  const crdSchemas = writeCrdSchemas(crds, join(workDir, 'crd-schemas'));
  const installedKinds = definedKinds(crds);
  const clusterScoped = clusterScopedCustomKinds(crds);
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  const namespaces = namespacePolicies(stackDir, releases, namespaceLabels);
  const missingNamespaces = namespaceProblems(
    releases.map((release) => ({
      release: release.spec.release,
      namespace: release.spec.namespace,
      createsNamespace: release.spec.createsNamespace,
      objects: release.objects.map((object) => object.manifest),
    })),
    new Set(namespaces.keys()),
    clusterScoped,
  );
  const mesh = meshInjectionFrom(all);
  // What Terraform installs must wait for the releases whose CRDs its objects need.
  const order = installOrderProblems(
    releases.flatMap((release) =>
      release.spec.waitsFor
        ? [
            {
              release: release.spec.release,
              waitsFor: release.spec.waitsFor,
              objects: release.objects.map((object) => object.manifest),
            },
          ]
        : [],
    ),
  );
  for (const release of releases)
    for (const message of order.get(release.spec.release) ?? [])
      release.findings.push({ check: 'install-order', message });

  // Pod Security, with the mesh's injection: one strata-admission run for the stack.
  const workloads: WorkloadAdmission[] = [];
  const owner = new Map<string, PreparedRelease>();
  const namespaceOfWorkload = new Map<string, string>();
  const indexOfWorkload = new Map<string, number>();
  for (const release of releases) {
    release.objects.forEach(({ manifest, source }, index) => {
      if (!isWorkload(manifest)) return;
      const ns = manifest.metadata?.namespace ?? release.spec.namespace;
      const policy = namespaces.get(ns) ?? UNLABELLED_NAMESPACE;
      const id = `${release.spec.release}#${index} ${manifest.kind}/${ns}/${manifest.metadata?.name} (${source})`;
      owner.set(id, release);
      namespaceOfWorkload.set(id, ns);
      indexOfWorkload.set(id, index);
      workloads.push({
        id,
        level: policy.level,
        inject: webhookInjects(manifest, policy),
        manifest: admittedAs(manifest),
        namespace: ns,
        // The API server labels every namespace with its name; selectors may use it.
        namespaceLabels: { ...namespaceLabels.get(ns), 'kubernetes.io/metadata.name': ns },
      });
    });
  }
  // The stack's own ValidatingAdmissionPolicies admit every workload and the pods it creates.
  const admissionPolicies = {
    policies: all.filter((object) => isAdmissionKind(object, 'ValidatingAdmissionPolicy')),
    bindings: all.filter((object) => isAdmissionKind(object, 'ValidatingAdmissionPolicyBinding')),
  };
  const admitted: AdmissionResult[] =
    workloads.length > 0
      ? admit(options.admission, options.kubernetesVersion, mesh, workloads, admissionPolicies)
      : [];
  const admissionOf = new Map<PreparedRelease, AdmissionResult[]>();
  // What the cluster would run: each workload with its admitted pod (sidecar included).
  const admittedObjects = new Map<PreparedRelease, RenderedObject[]>(
    releases.map((release) => [release, [...release.objects]]),
  );
  for (const result of admitted) {
    const release = owner.get(result.id) as PreparedRelease;
    const index = indexOfWorkload.get(result.id) as number;
    const objects = admittedObjects.get(release) as RenderedObject[];
    objects[index] = {
      ...objects[index],
      manifest: withAdmittedPod(objects[index].manifest, result),
    };
    admissionOf.set(release, [...(admissionOf.get(release) ?? []), result]);
    const where = `${result.id.replace(/^[^#]*#\d+ /, '')} in a ${result.level} namespace${result.injected ? ', with the mesh sidecar' : ''}`;
    if (result.error) {
      release.findings.push({ check: 'pod-security', message: `${where}: ${result.error}` });
    }
    for (const violation of result.violations) {
      release.findings.push({ check: 'pod-security', message: `${where}: ${violation}` });
    }
    for (const denial of result.policyDenials ?? []) {
      release.findings.push({ check: 'admission-policy', message: `${where}: ${denial}` });
    }
  }
  // Pods as Prometheus finds them: after injection, with the labels and ports it added.
  const pods: ScrapeablePod[] = admitted.map((result) => ({
    namespace: namespaceOfWorkload.get(result.id) ?? 'default',
    labels: result.labels,
    ports: result.ports,
    containers: result.containers.map((name) => name.replace(/^init:/, '')),
    annotations: (result.pod?.metadata?.annotations ?? {}) as Record<string, string>,
    origin: result.id,
  }));
  const inNamespace = (release: PreparedRelease, manifest: Manifest) =>
    manifest.metadata?.namespace
      ? manifest
      : { ...manifest, metadata: { ...manifest.metadata, namespace: release.spec.namespace } };
  // What each release would run, every object in its namespace: wiring and identity read it.
  const admittedReleases = releases.map((release) => ({
    release: release.spec.release,
    objects: (admittedObjects.get(release) ?? []).map(({ manifest }) =>
      inNamespace(release, manifest),
    ),
  }));
  // What each release renders, every object in its namespace: alert sources and the
  // container and storage rules read it.
  const renderedObjects = new Map(
    releases.map((release) => [
      release,
      release.objects.map(({ manifest }) => inNamespace(release, manifest)),
    ]),
  );
  const wiring = wiringProblems(admittedReleases, namespaceLabels, options.edge ?? []);
  const targets = workloadTargetProblems(
    admittedReleases,
    options.edge ?? [],
    new Map(
      Object.entries(options.rules).map(([release, rules]) => [
        release,
        new Set(Object.keys(rules.runtimeSecrets ?? {})),
      ]),
    ),
  );
  const runbooks = runbookLinkProblems(admittedReleases, dirname(options.chartsDir));
  // Every Application Argo CD would sync is a rendering checked here, with its values.
  const applications = applicationSourceProblems(
    releases.map((release) => ({
      release: release.spec.release,
      namespace: release.spec.namespace,
      chartDir: release.spec.chart.kind === 'bundled' ? release.spec.chart.dir : undefined,
      values: release.spec.values,
      objects: renderedObjects.get(release) ?? [],
    })),
    dirname(options.chartsDir),
    clusterScoped,
  );
  // Budgets against the replica counts the workloads really run with, across the stack.
  const disruption = disruptionProblems(admittedReleases);
  const tlsNames = tlsNameProblems(admittedReleases);
  const renewal = certificateRenewalProblems(admittedReleases);
  // Every role binding reaches the pods that need it (what they run as, after admission).
  const identity = identityProblems(identityBindings(stack, stackDir), admittedReleases);
  const alertFindings = alertSourceProblems(
    releases.map((release) => ({
      release: release.spec.release,
      objects: renderedObjects.get(release) ?? [],
    })),
    pods,
    // Prometheus (its pods come from the Prometheus Operator) is meshed only if its namespace is.
    !all.some(
      (object) =>
        object.kind === 'Prometheus' &&
        namespaces.get(object.metadata?.namespace ?? '')?.meshInjection,
    ),
  );

  // The checks across the stack's releases, in report order, each naming the releases at fault.
  const stackWide: ReadonlyArray<readonly [CheckName, ReadonlyMap<string, readonly string[]>]> = [
    ['alert-sources', alertFindings],
    ['wiring', wiring],
    ['wiring', targets],
    ['alert-sources', runbooks],
    ['argocd-source', applications],
    ['workload-identity', identity],
    ['disruption', disruption],
    ['tls-names', tlsNames],
    ['certificate-renewal', renewal],
  ];
  return releases.map((release) => {
    const rules = options.rules[release.spec.release.split('/')[0]] ?? {};
    const findings = release.findings;
    for (const message of missingNamespaces.get(release.spec.release) ?? []) {
      findings.push({ check: 'namespace', message });
    }
    if (release.file && release.objects.length === 0 && !rules.rendersNothing) {
      findings.push({ check: 'render', message: emptyRenderingMessage(release) });
    }
    if (release.chartPath && release.file) {
      const objects = admittedObjects.get(release) ?? [];
      const admittedFile = release.file.replace(/\.yaml$/, '.admitted.yaml');
      writeFileSync(
        admittedFile,
        // JSON documents: a YAML 1.1 reader (kube-score, kubeconform) would turn a bare `no` into false.
        objects.map(({ manifest }) => `---\n${JSON.stringify(manifest)}\n`).join(''),
      );
      const kubeScoreFile = release.file.replace(/\.yaml$/, '.kube-score.yaml');
      writeFileSync(
        kubeScoreFile,
        objects.map(({ manifest }) => `---\n${JSON.stringify(kubeScoreView(manifest))}\n`).join(''),
      );
      if (release.spec.chart.kind === 'bundled') {
        const valuesFile = release.file.replace(/\.yaml$/, '.values.json');
        const lint = exec(options.tools.helm, [
          'lint',
          '--strict',
          release.chartPath,
          '--values',
          valuesFile,
          '--kube-version',
          `${options.kubernetesVersion}.0`,
        ]);
        if (!lint.ok)
          findings.push({ check: 'lint', message: `${lint.stdout}${lint.stderr}`.trim() });
      }
      const schema = chartValueSchema(release.chartPath, options.workDir);
      for (const unknown of unknownValueKeys(
        release.spec.values,
        schema,
        (rules.freeFormValues ?? []).map((free) => free.path),
      )) {
        findings.push({
          check: 'values',
          message: `${formatValuePath(unknown.path)} is not a value of ${release.chartLabel}; Helm ignores it`,
        });
      }
      for (const message of kubeconform(
        options.tools,
        options.kubernetesVersion,
        admittedFile,
        crdSchemas,
        installedKinds,
        objects,
      )) {
        findings.push({ check: 'schema', message });
      }
      for (const message of kubeScore(
        options.tools,
        options.kubernetesVersion,
        kubeScoreFile,
        rules.kubeScoreIgnores ?? {},
        options.highAvailability,
      )) {
        findings.push({ check: 'kube-score', message });
      }
    }
    for (const [check, byRelease] of stackWide) {
      for (const message of byRelease.get(release.spec.release) ?? []) {
        findings.push({ check, message });
      }
    }
    const rendered = renderedObjects.get(release) ?? [];
    for (const message of duplicateSettingProblems(
      rendered,
      Object.keys(rules.repeatableFlags ?? {}),
    )) {
      findings.push({ check: 'duplicate-setting', message });
    }
    for (const message of releaseRecordProblems(rendered, rules.repositorySecrets)) {
      findings.push({ check: 'release-record', message });
    }
    if (options.highAvailability) {
      for (const message of persistentStateProblems(rendered, rules.ephemeralState)) {
        findings.push({ check: 'persistent-state', message });
      }
    }
    const results = admissionOf.get(release) ?? [];
    return {
      stack,
      release: release.spec.release,
      namespace: release.spec.namespace,
      chart: release.chartLabel,
      source: release.source,
      objects: release.objects.length,
      podTemplates: results.length,
      injected: results.filter((result) => result.injected).length,
      passed: findings.length === 0,
      findings,
    };
  });
}
