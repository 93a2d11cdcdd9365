import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { SESSION_MANAGER_ENDPOINT_SERVICES } from '@strata/constructs';
import { synthesizeStackJsons } from './layer-apps';

// A person's shell on a node goes through Session Manager, never SSH: the node's role must
// let the SSM agent register and open its channel, and with no path to the internet the node
// must reach ssm, ssmmessages and ec2messages through endpoints in the subnets it runs in.
// Each joint is read from the synthesized production network and cluster stacks.

type Block = Record<string, unknown>;
interface StackJson {
  resource: Record<string, Record<string, Block>>;
  output?: Record<string, { value: unknown }>;
}
const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-session-manager-'));

function stack(app: string, name: string): StackJson {
  const found = synthesizeStackJsons<StackJson>(root, app, join(work, app), 'prod').get(name);
  if (!found) throw new Error(`no ${name}`);
  return found.json;
}

describe('Session Manager reaches the private nodes', () => {
  const network = stack('network', 'network-prod-us-east-1');
  const cluster = stack('cluster', 'cluster-prod-us-east-1');

  it('every node role may be managed by Systems Manager', () => {
    const attached = Object.values(cluster.resource.aws_iam_role_policy_attachment)
      .filter((a) => String(a.policy_arn).endsWith('/AmazonSSMManagedInstanceCore'))
      .map((a) => String(a.role));
    const roles = [
      ...Object.values(cluster.resource.aws_eks_node_group).map((g) => String(g.node_role_arn)),
      // Karpenter's nodes launch with its node role.
      ...Object.keys(cluster.resource.aws_iam_role)
        .filter((id) => id.startsWith('karpenter_node-role'))
        .map((id) => `\${aws_iam_role.${id}.arn}`),
    ];
    expect(roles.length).toBeGreaterThan(1);
    for (const role of roles) expect(attached).toContain(role.replace(/\.arn\}$/, '.name}'));
  });

  it('ssm, ssmmessages and ec2messages answer inside the subnets the nodes run in', () => {
    const groups = Object.values(cluster.resource.aws_eks_node_group);
    for (const group of groups)
      expect(group.subnet_ids).toBe(
        '${data.terraform_remote_state.network.outputs.privateSubnetIds}',
      );
    const nodeSubnets = network.output?.privateSubnetIds.value as string[];
    const endpoints = Object.values(network.resource.aws_vpc_endpoint);
    for (const service of SESSION_MANAGER_ENDPOINT_SERVICES) {
      const endpoint = endpoints.find((e) => String(e.service_name).endsWith(`.${service}`));
      expect({
        service,
        type: endpoint?.vpc_endpoint_type,
        dns: endpoint?.private_dns_enabled,
      }).toEqual({
        service,
        type: 'Interface',
        dns: true,
      });
      expect([...(endpoint?.subnet_ids as string[])].sort()).toEqual([...nodeSubnets].sort());
    }
  });
});
