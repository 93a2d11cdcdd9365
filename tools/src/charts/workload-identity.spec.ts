import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityBindings, identityProblems } from './workload-identity';

const account = (namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { namespace, name },
});
const deployment = (namespace: string, serviceAccountName?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace, name: 'controller' },
  spec: { template: { spec: { serviceAccountName, containers: [{ name: 'c' }] } } },
});
const binding = (namespace: string, serviceAccount: string) => ({
  source: 'addons-dev-us-east-1: aws_eks_pod_identity_association.x',
  namespace,
  serviceAccount,
});

describe('identityProblems', () => {
  const releases = [
    {
      release: 'external-dns',
      objects: [
        account('external-dns', 'external-dns'),
        deployment('external-dns', 'external-dns'),
      ],
    },
    { release: 'idle', objects: [account('idle', 'idle'), deployment('idle')] },
  ];

  it('accepts a binding whose service account is rendered and runs a workload', () => {
    expect(identityProblems([binding('external-dns', 'external-dns')], releases)).toEqual(
      new Map(),
    );
  });

  it('reports a binding to a service account no release renders, or no workload runs as', () => {
    expect(
      identityProblems([binding('external-dns', 'externaldns'), binding('idle', 'idle')], releases),
    ).toEqual(
      new Map([
        [
          'external-dns',
          [
            'addons-dev-us-east-1: aws_eks_pod_identity_association.x binds an AWS role to ServiceAccount external-dns/externaldns, which no release renders',
          ],
        ],
        [
          'idle',
          [
            'addons-dev-us-east-1: aws_eks_pod_identity_association.x binds an AWS role to ServiceAccount idle/idle, which no workload runs as',
          ],
        ],
      ]),
    );
  });
});

describe('identityProblems with operator-run servers', () => {
  it("counts a Prometheus resource's service account as run: the operator starts its pods as it", () => {
    const prometheus = (serviceAccountName: string) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { namespace: 'monitoring', name: 'k' },
      spec: { serviceAccountName },
    });
    const releases = [
      {
        release: 'kube-prometheus-stack',
        objects: [account('monitoring', 'k-prometheus'), prometheus('k-prometheus')],
      },
    ];
    expect(identityProblems([binding('monitoring', 'k-prometheus')], releases)).toEqual(new Map());
    const elsewhere = [
      {
        release: 'kube-prometheus-stack',
        objects: [account('monitoring', 'k-prometheus'), prometheus('other')],
      },
    ];
    expect(identityProblems([binding('monitoring', 'k-prometheus')], elsewhere).size).toBe(1);
  });
});

describe('identityBindings', () => {
  it('reads the associations of the addons stack and of its cluster stack beside it', () => {
    const stacks = mkdtempSync(join(tmpdir(), 'strata-identity-'));
    const write = (stack: string, associations: Record<string, object>) => {
      mkdirSync(join(stacks, stack));
      writeFileSync(
        join(stacks, stack, 'cdk.tf.json'),
        JSON.stringify({ resource: { aws_eks_pod_identity_association: associations } }),
      );
    };
    write('addons-dev-us-east-1', { dns: { namespace: 'external-dns', service_account: 'dns' } });
    write('cluster-dev-us-east-1', {
      ca: { namespace: 'kube-system', service_account: 'cluster-autoscaler' },
    });
    expect(identityBindings('addons-dev-us-east-1', join(stacks, 'addons-dev-us-east-1'))).toEqual([
      {
        source: 'addons-dev-us-east-1: aws_eks_pod_identity_association.dns',
        namespace: 'external-dns',
        serviceAccount: 'dns',
      },
      {
        source: 'cluster-dev-us-east-1: aws_eks_pod_identity_association.ca',
        namespace: 'kube-system',
        serviceAccount: 'cluster-autoscaler',
      },
    ]);
  });
});
