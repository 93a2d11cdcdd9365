import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterOverride, outputPlaceholders } from './cluster-override';
import { talksToCluster } from '../synthesized-stacks';
import { nodeGroupNodes } from './cluster-side';
import type { AuditEvent } from './control-plane';
import { releasesDeployed, unlistedContainerNeeds } from './local-cluster';

const access = { server: 'https://127.0.0.1:6443', caPem: 'CA PEM', token: 'secret-token' };

function stackDir(json: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cluster-side-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
  return dir;
}

describe('clusterOverride', () => {
  const stack = {
    provider: {
      aws: [{}],
      kubernetes: [{ host: '${x}' }],
      helm: [{ kubernetes: { host: '${x}' } }],
    },
    resource: {
      helm_release: {
        upstream: {
          chart: 'vault',
          repository: 'https://helm.releases.hashicorp.com',
          version: '0.31.0',
          namespace: 'vault',
        },
        bundled: { chart: 'assets/chart-platform-baseline/ABC', namespace: 'kube-system' },
      },
    },
  };

  it('points both providers at the local API server through an exec credential carrying its token', () => {
    const override = clusterOverride(stack, access, () => '/mirror/vault-0.31.0.tgz') as {
      provider: {
        kubernetes: Array<Record<string, unknown>>;
        helm: Array<{ kubernetes: Record<string, unknown> }>;
      };
    };
    const kubernetes = override.provider.kubernetes[0];
    expect(kubernetes.host).toBe(access.server);
    expect(kubernetes.cluster_ca_certificate).toBe(access.caPem);
    const exec = (kubernetes.exec as Array<{ command: string; args: string[] }>)[0];
    expect(exec.command).toBe('echo');
    expect(JSON.parse(exec.args[0])).toMatchObject({
      kind: 'ExecCredential',
      status: { token: access.token },
    });
    expect(override.provider.helm[0].kubernetes.host).toBe(access.server);
  });

  it('installs repository charts from their archive and leaves bundled charts alone, every release post-rendered', () => {
    const asked: string[] = [];
    const override = clusterOverride(
      stack,
      access,
      (reference) => {
        asked.push(`${reference.chart}@${reference.version} from ${reference.repository}`);
        return '/mirror/vault-0.31.0.tgz';
      },
      (namespace) => ({ binary_path: 'node', args: ['render.js', namespace] }),
    ) as { resource: { helm_release: Record<string, Record<string, unknown>> } };
    expect(asked).toEqual(['vault@0.31.0 from https://helm.releases.hashicorp.com']);
    expect(override.resource.helm_release.upstream).toEqual({
      chart: '/mirror/vault-0.31.0.tgz',
      repository: null,
      postrender: { binary_path: 'node', args: ['render.js', 'vault'] },
    });
    expect(override.resource.helm_release.bundled).toEqual({
      postrender: { binary_path: 'node', args: ['render.js', 'kube-system'] },
    });
  });

  it('leaves stacks that never talk to a cluster alone', () => {
    expect(clusterOverride({ provider: { aws: [{}] } }, access, () => '')).toBeUndefined();
    expect(talksToCluster(stackDir({ provider: { aws: [{}] } }))).toBe(false);
    expect(talksToCluster(stackDir(stack))).toBe(true);
  });
});

describe('outputPlaceholders', () => {
  const brokers = 'data.terraform_remote_state.data.outputs.kafkaBootstrapBrokers';
  const kafkaArn = 'data.terraform_remote_state.data.outputs.kafkaClusterArn';
  const stack = {
    resource: {
      helm_release: { root: { values: [`brokers: \${${brokers}}`] } },
      aws_iam_role_policy: { component: { policy: `\${${kafkaArn}}` } },
    },
  };

  it('gives placeholders to outputs only Helm values read, and leaves out what an AWS resource reads', () => {
    const { absent, absentOutsideHelm, defaults } = outputPlaceholders(
      stack,
      new Set([brokers, kafkaArn]),
    );
    expect(defaults).toEqual({
      data: { kafkaBootstrapBrokers: 'absent-on-emulator-kafkaBootstrapBrokers' },
    });
    expect([...absent]).toEqual([kafkaArn]);
    expect([...absentOutsideHelm]).toEqual([]);
  });

  it('gives a placeholder to an output Helm values and an AWS resource both read, for the values only', () => {
    const group = 'data.terraform_remote_state.data.outputs.redisReplicationGroupId';
    const both = {
      resource: {
        helm_release: { root: { values: [`user: \${${group}}-gateway`] } },
        aws_iam_role_policy: { component: { policy: `\${${group}}` } },
      },
    };
    expect(outputPlaceholders(both, new Set([group]))).toEqual({
      absent: new Set(),
      absentOutsideHelm: new Set([group]),
      defaults: { data: { redisReplicationGroupId: 'absent-on-emulator-redisReplicationGroupId' } },
    });
  });

  it('leaves an output nobody in the stack reads where it was', () => {
    const unread = 'data.terraform_remote_state.data.outputs.searchEndpoint';
    expect(outputPlaceholders(stack, new Set([unread]))).toEqual({
      absent: new Set([unread]),
      absentOutsideHelm: new Set(),
      defaults: {},
    });
  });
});

describe('nodeGroupNodes', () => {
  it("makes the node group's desired nodes with its labels and taints, over the zones in turn", () => {
    const dir = stackDir({
      resource: {
        aws_eks_node_group: {
          system: {
            node_group_name: '${cluster}-system',
            instance_types: ['t3.large'],
            labels: { 'strata.io/node-group': 'system' },
            taint: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
            scaling_config: { desired_size: 3 },
          },
        },
      },
    });
    const nodes = nodeGroupNodes(dir, ['us-east-1a', 'us-east-1b']);
    expect(nodes.map((node) => [node.name, node.zone])).toEqual([
      ['system-1', 'us-east-1a'],
      ['system-2', 'us-east-1b'],
      ['system-3', 'us-east-1a'],
    ]);
    expect(nodes[0].labels).toMatchObject({
      'strata.io/node-group': 'system',
      'eks.amazonaws.com/nodegroup': 'system',
    });
    expect(nodes[0].taints).toEqual([
      { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(nodes[0].instanceType).toBe('t3.large');
  });

  it('refuses a cluster stack without node groups: nothing would run the add-ons', () => {
    expect(() => nodeGroupNodes(stackDir({ resource: {} }), ['us-east-1a'])).toThrow(
      /no managed node group/,
    );
  });
});

describe('the cluster checks', () => {
  const created = (resource: string, name: string, code = 201): AuditEvent => ({
    verb: 'create',
    user: { username: 'strata-admin' },
    objectRef: { resource, name },
    responseStatus: { code },
  });

  it('requires every created webhook, Job and APIService to be named, and every name to be created', () => {
    const events = [
      created('validatingwebhookconfigurations', 'cert-manager-webhook'),
      created('jobs', 'velero-upgrade-crds'),
      created('configmaps', 'plain'),
      created('jobs', 'refused', 403),
    ];
    const listed = [
      { kind: 'ValidatingWebhookConfiguration' as const, name: 'cert-manager-webhook', why: '' },
      { kind: 'APIService' as const, name: 'v1beta1.metrics.k8s.io', why: '' },
    ];
    const outcome = unlistedContainerNeeds(events, listed);
    expect(outcome).toContain('Job/velero-upgrade-crds was created but gaps.json');
    expect(outcome).toContain(
      'gaps.json names APIService/v1beta1.metrics.k8s.io, which no release created',
    );
    expect(unlistedContainerNeeds(events.slice(0, 1), listed.slice(0, 1))).toEqual({
      note: '1 objects created; 1 need a container (listed)',
    });
  });

  it('finds a release that did not reach deployed', () => {
    const state = (status: string) =>
      JSON.stringify({
        resources: [
          {
            mode: 'managed',
            type: 'helm_release',
            name: 'a',
            instances: [{ attributes: { name: 'vault', status } }],
          },
        ],
      });
    expect(releasesDeployed(state('deployed'))).toEqual({ note: '1 releases deployed' });
    expect(releasesDeployed(state('failed'))).toBe('not deployed: vault (failed)');
    expect(releasesDeployed(undefined)).toBe('the stack has no state');
  });
});
