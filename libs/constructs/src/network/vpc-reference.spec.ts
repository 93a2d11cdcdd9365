import { EksCluster } from '../eks/eks-cluster';
import { KmsKey } from '../kms/kms-key';
import { onlyResource, resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { vpcFixture } from '../testing/vpc-fixture';
import { NatStrategy } from '../vocabulary/nat-strategy';
import { Vpc } from './vpc';
import { IVpc } from './vpc-reference';

/** A cluster in `vpc` (a Vpc of this stack or one imported by attributes). */
function clusterIn(vpc: (stack: ReturnType<typeof testStack>) => IVpc) {
  const stack = testStack();
  new EksCluster(stack, 'cluster', {
    clusterName: 'team',
    kubernetesVersion: '1.34',
    vpc: vpc(stack),
    publicAccessCidrs: [],
    adminRoleArns: [],
  });
  return synthesizeStack(stack);
}

describe('IVpc', () => {
  it('an imported VPC puts the cluster in its private subnets, reachable from its range', () => {
    const json = clusterIn((stack) => vpcFixture(stack));
    const cluster = onlyResource(json, 'aws_eks_cluster') as {
      vpc_config: { subnet_ids: string[] };
    };
    expect(cluster.vpc_config.subnet_ids).toEqual(['subnet-1', 'subnet-2']);
    const group = onlyResource(json, 'aws_security_group') as { vpc_id: string };
    expect(group.vpc_id).toBe('vpc-1');
    const rules = Object.values(resourcesOfType(json, 'aws_vpc_security_group_ingress_rule'));
    expect(rules.map((rule) => rule.cidr_ipv4)).toEqual(['10.0.0.0/16']);
    // An import creates nothing of its own.
    expect(resourcesOfType(json, 'aws_vpc')).toEqual({});
  });

  it("a Vpc of the stack is one: the cluster's subnets are the VPC's private ones", () => {
    const json = clusterIn(
      (stack) =>
        new Vpc(stack, 'vpc', {
          name: 'team-use1',
          cidr: '10.1.0.0/16',
          azCount: 2,
          natStrategy: NatStrategy.SINGLE,
          region: 'us-east-1',
          accountId: '333333333333',
          flowLogKmsKey: KmsKey.fromKeyArn(
            stack,
            'logs',
            'arn:aws:kms:us-east-1:333333333333:key/l',
          ),
          interfaceEndpoints: false,
        }),
    );
    const cluster = onlyResource(json, 'aws_eks_cluster') as {
      vpc_config: { subnet_ids: string[] };
    };
    const privateSubnets = Object.entries(resourcesOfType(json, 'aws_subnet'))
      .filter(([, subnet]) => (subnet.tags as Record<string, string>).Tier === 'private')
      .map(([name]) => `\${aws_subnet.${name}.id}`);
    expect(cluster.vpc_config.subnet_ids).toEqual(privateSubnets);
  });
});
