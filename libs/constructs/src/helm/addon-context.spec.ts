import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EksCluster } from '../eks/eks-cluster';
import { ManagedNodeGroup } from '../eks/managed-node-group';
import { KmsKey } from '../kms/kms-key';
import { ClusterConnection } from '../kubernetes/cluster-connection';
import { resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { TEST_ACCOUNT, testStack } from '../testing/test-stack';
import { CapacityType } from '../eks/managed-node-group';
import { UNRESOLVED } from '../validation/readable';
import { eksRelease } from '../vocabulary/eks-release';
import { addonContextOf } from './addon-context';
import { MetricsServerAddon } from './addons/metrics-server';
import { vpcFixture } from '../testing/vpc-fixture';

function clusterWithNodes(stack: TerraformStack) {
  const cluster = new EksCluster(stack, 'cluster', {
    clusterName: 'team',
    kubernetesVersion: '1.34',
    vpc: vpcFixture(stack),
    publicAccessCidrs: [],
    adminRoleArns: [],
  });
  const nodes = new ManagedNodeGroup(stack, 'nodes', {
    clusterName: cluster.clusterName,
    groupName: 'system',
    nodeRoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/nodes`,
    subnetIds: ['subnet-1', 'subnet-2'],
    instanceTypes: ['m7i.large'],
    capacityType: CapacityType.ON_DEMAND,
    minSize: 1,
    maxSize: 2,
    desiredSize: 1,
    diskSizeGib: 30,
    volumeKmsKey: KmsKey.fromKeyArn(stack, 'key', `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/k`),
  });
  const connection = new ClusterConnection(stack, 'connection', {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.certificateAuthorityData,
  });
  return { cluster, nodes, connection };
}

describe('addonContextOf: the add-ons context from the cluster', () => {
  it('takes the cluster, version, VPC and environment from the cluster and its stack', () => {
    const stack = testStack();
    const { cluster, nodes, connection } = clusterWithNodes(stack);
    const context = addonContextOf(stack, cluster, {
      helmProvider: connection.helmProvider,
      awsProvider: stack.node.findChild('aws') as AwsProvider,
      nodes: [nodes.resource],
    });
    expect(context).toMatchObject({
      clusterName: cluster.clusterName,
      kubernetesVersion: '1.34',
      release: eksRelease('1.34'),
      vpcId: 'vpc-1',
      accountId: TEST_ACCOUNT,
      region: 'us-east-1',
      highAvailability: false,
      prerequisites: [nodes.resource],
    });
  });

  it('makes every release wait for the nodes', () => {
    const stack = testStack();
    const { cluster, nodes, connection } = clusterWithNodes(stack);
    const context = addonContextOf(stack, cluster, {
      helmProvider: connection.helmProvider,
      awsProvider: stack.node.findChild('aws') as AwsProvider,
      nodes: [nodes.resource],
    });
    new MetricsServerAddon(stack, 'metrics-server', { context });
    const [release] = Object.values(resourcesOfType(synthesizeStack(stack), 'helm_release'));
    expect(release.depends_on).toContain(`aws_eks_node_group.${nodes.resource.friendlyUniqueId}`);
  });

  it('refuses a cluster with no nodes: no release can start before a node exists', () => {
    const stack = testStack();
    const { cluster, connection } = clusterWithNodes(stack);
    expect(() =>
      addonContextOf(stack, cluster, {
        helmProvider: connection.helmProvider,
        awsProvider: stack.node.findChild('aws') as AwsProvider,
        nodes: [],
      }),
    ).toThrow(
      `addonContextOf(${UNRESOLVED}): nodes is empty; a Helm release waits for its pods, which need a node`,
    );
  });

  it('works on an imported cluster, with its IRSA identity', () => {
    const stack = testStack();
    const { nodes, connection } = clusterWithNodes(stack);
    const oidc = { providerArn: 'arn:aws:iam::1:oidc-provider/x', issuerUrl: 'https://x' };
    const imported = EksCluster.fromClusterAttributes(stack, 'imported', {
      clusterName: 'shared',
      kubernetesVersion: '1.33',
      vpcId: 'vpc-2',
      endpoint: 'https://api.example.com',
      certificateAuthorityData: 'Y2E=',
      oidc,
    });
    const context = addonContextOf(stack, imported, {
      helmProvider: connection.helmProvider,
      awsProvider: stack.node.findChild('aws') as AwsProvider,
      nodes: [nodes.resource],
      highAvailability: true,
    });
    expect(context).toMatchObject({
      clusterName: 'shared',
      release: eksRelease('1.33'),
      vpcId: 'vpc-2',
      oidc,
      highAvailability: true,
    });
  });
});
