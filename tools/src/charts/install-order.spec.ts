import { installOrderProblems, OrderedRelease } from './install-order';

const crd = (group: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${kind.toLowerCase()}s.${group}` },
  spec: { group, names: { kind }, versions: [{ name: 'v1', served: true }] },
});
const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: {} };
const operator: OrderedRelease = {
  release: 'kube-prometheus-stack',
  waitsFor: [],
  objects: [crd('monitoring.coreos.com', 'ServiceMonitor')],
};

describe('install order: a release waits for the releases whose CRDs it uses', () => {
  it('finds a custom resource whose CRD comes from a release not waited for', () => {
    const problems = installOrderProblems([
      operator,
      { release: 'cert-manager', waitsFor: [], objects: [monitor] },
    ]);
    expect([...problems]).toEqual([
      [
        'cert-manager',
        [
          'creates ServiceMonitor (monitoring.coreos.com/v1), whose CRD comes from kube-prometheus-stack, which this release does not wait for: on a fresh cluster Helm would find no such kind',
        ],
      ],
    ]);
  });

  it('accepts waiting directly, through another release, or defining the kind itself', () => {
    expect(
      installOrderProblems([
        operator,
        { release: 'direct', waitsFor: ['kube-prometheus-stack'], objects: [monitor] },
        { release: 'through', waitsFor: ['direct'], objects: [monitor] },
        {
          release: 'own',
          waitsFor: [],
          objects: [crd('example.com', 'Widget'), { apiVersion: 'example.com/v1', kind: 'Widget' }],
        },
        { release: 'built-in', waitsFor: [], objects: [{ apiVersion: 'v1', kind: 'ConfigMap' }] },
      ]),
    ).toEqual(new Map());
  });
});
