import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { admissionPoliciesDefaults } from '@strata/constructs/helm';
import { loadToolchain } from '../validate/toolchain';
import { Manifest } from './crd-schemas';
import { admit, WorkloadAdmission } from './pod-security';
import { renderRelease } from './render';

// The project's admission-policies chart, rendered by real helm with the values the addons
// stack passes, evaluated by strata-admission: the API server's own CEL admission code.
const toolchain = loadToolchain();
const root = findWorkspaceRoot(__dirname);
const ACCOUNT = '333333333333';
const ECR = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;

function policies() {
  if (!toolchain.kubeTools) throw new Error('no chart tools');
  const rendering = renderRelease({
    helm: toolchain.kubeTools.helm,
    release: 'admission-policies',
    chart: join(root, 'charts', 'admission-policies'),
    namespace: 'kube-system',
    values: { ...admissionPoliciesDefaults(ACCOUNT, 'us-east-1') },
    kubernetesVersion: '1.34',
    apiVersions: [],
    workDir: mkdtempSync(join(tmpdir(), 'strata-policies-')),
  });
  const objects = rendering.objects.map((object) => object.manifest);
  return {
    policies: objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy'),
    bindings: objects.filter((object) => object.kind === 'ValidatingAdmissionPolicyBinding'),
  };
}

interface Shape {
  readonly image?: string;
  readonly labels?: Record<string, string>;
  readonly probes?: boolean;
  readonly escalation?: boolean;
  readonly resources?: boolean;
}

function deployment(namespace: string, shape: Shape = {}): Manifest {
  const labels = shape.labels ?? { 'app.kubernetes.io/name': 'app' };
  const probe = { httpGet: { path: '/healthz', port: 8080 } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: shape.image ?? `${ECR}/app:1.4.2`,
              securityContext: { allowPrivilegeEscalation: shape.escalation ?? false },
              ...(shape.resources === false
                ? {}
                : {
                    resources: {
                      requests: { cpu: '50m', memory: '64Mi' },
                      limits: { memory: '128Mi' },
                    },
                  }),
              ...(shape.probes === false ? {} : { readinessProbe: probe, livenessProbe: probe }),
            },
          ],
        },
      },
    },
  };
}

describe('admission policies (charts/admission-policies, evaluated by the API server code)', () => {
  const rendered = policies();
  const denials = (namespace: string, shape: Shape = {}, labels: Record<string, string> = {}) => {
    if (!toolchain.admission) throw new Error('no strata-admission');
    const workload: WorkloadAdmission = {
      id: 'app',
      level: 'privileged',
      inject: false,
      manifest: deployment(namespace, shape),
      namespace,
      namespaceLabels: { ...labels, 'kubernetes.io/metadata.name': namespace },
    };
    const [result] = admit(toolchain.admission.path, '1.34', undefined, [workload], rendered);
    expect(result.error).toBeUndefined();
    // Each rule refuses the Deployment and, again, each pod it would create.
    return [...new Set((result.policyDenials ?? []).map((denial) => denial.split(' ')[0]))];
  };

  it('renders six policies, each with a Deny binding', () => {
    expect(rendered.policies.map((policy) => policy.metadata?.name).sort()).toEqual([
      'strata-image-sources',
      'strata-image-tags',
      'strata-privilege',
      'strata-probes',
      'strata-required-labels',
      'strata-resources',
    ]);
    expect(rendered.bindings.map((binding) => binding.spec)).toEqual(
      rendered.policies.map((policy) =>
        expect.objectContaining({ policyName: policy.metadata?.name, validationActions: ['Deny'] }),
      ),
    );
  });

  it("admits a component from the account's registry that follows every rule", () => {
    expect(denials('gateway')).toEqual([]);
  });

  it('refuses latest, and an image without a tag', () => {
    expect(denials('gateway', { image: `${ECR}/app:latest` })).toEqual(['strata-image-tags']);
    expect(denials('gateway', { image: `${ECR}/app` })).toEqual(['strata-image-tags']);
    expect(denials('gateway', { image: `${ECR}/app@sha256:${'0'.repeat(64)}` })).toEqual([]);
  });

  it("refuses a component image from outside the account's registry", () => {
    expect(denials('portal', { image: 'nginx:1.27.2' })).toEqual(['strata-image-sources']);
  });

  it('admits an add-on image from its pinned source and refuses any other source', () => {
    expect(denials('vault', { image: 'hashicorp/vault:1.20.4', probes: false })).toEqual([]);
    expect(denials('vault', { image: 'ghcr.io/someone/vault:1.20.4' })).toEqual([
      'strata-image-sources',
    ]);
  });

  it("admits Istio's `image: auto` gateway Deployment, but not a pod the injector left without its image", () => {
    if (!toolchain.admission) throw new Error('no strata-admission');
    const [result] = admit(
      toolchain.admission.path,
      '1.34',
      undefined,
      [
        {
          id: 'gateway',
          level: 'privileged',
          // Not injected here: the pod keeps the placeholder.
          inject: false,
          manifest: deployment('istio-ingress', { image: 'auto' }),
          namespace: 'istio-ingress',
          namespaceLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' },
        },
      ],
      rendered,
    );
    expect(result.policyDenials?.map((denial) => denial.split(':')[0]).sort()).toEqual([
      'strata-image-sources (pod)',
      'strata-image-tags (pod)',
    ]);
  });

  it('refuses a container without requests or a memory limit', () => {
    expect(denials('registry', { resources: false })).toEqual(['strata-resources']);
  });

  it('refuses a component without probes; add-ons keep their charts probes', () => {
    expect(denials('auditor', { probes: false })).toEqual(['strata-probes']);
    expect(denials('velero', { image: 'docker.io/velero/velero:v1.18.1', probes: false })).toEqual(
      [],
    );
  });

  it('refuses privilege escalation, except where Pod Security is privileged by design', () => {
    expect(denials('registry', { escalation: true })).toEqual(['strata-privilege']);
    const privileged = { 'pod-security.kubernetes.io/enforce': 'privileged' };
    expect(
      denials(
        'istio-cni',
        { image: 'registry.istio.io/release/install-cni:1.30.3', escalation: true },
        privileged,
      ),
    ).toEqual([]);
  });

  it('refuses a pod without the required labels', () => {
    expect(denials('gateway', { labels: { app: 'gateway' } })).toEqual(['strata-required-labels']);
  });

  it("leaves kube-system to EKS's own add-ons", () => {
    expect(
      denials('kube-system', { image: 'nginx', resources: false, escalation: true, labels: {} }),
    ).toEqual([]);
  });
});
