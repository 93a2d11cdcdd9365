import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import {
  SESSION_MANAGER_ENDPOINT_SERVICES,
  SESSION_PREFERENCES_DOCUMENT,
} from '@strata/constructs';
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

  it("every session is streamed to the data layer's encrypted group, which every node role may write", () => {
    const data = stack('data', 'data-prod-us-east-1');
    const documents = Object.values(data.resource.aws_ssm_document).filter(
      (document) => document.document_type === 'Session',
    );
    expect(documents.map((document) => document.name)).toEqual([SESSION_PREFERENCES_DOCUMENT]);
    const inputs = (JSON.parse(String(documents[0].content)) as { inputs: Block }).inputs;
    expect(inputs.cloudWatchEncryptionEnabled).toBe(true);
    const groupId = /aws_cloudwatch_log_group\.([^.]+)\.name/.exec(
      String(inputs.cloudWatchLogGroupName),
    )?.[1];
    const group = data.resource.aws_cloudwatch_log_group[groupId ?? ''];
    expect(String(group.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
    const keyId = /aws_kms_key\.([^.]+)\.arn/.exec(String(inputs.kmsKeyId))?.[1];
    const keyAlias = Object.values(data.resource.aws_kms_alias).find(
      (alias) => alias.target_key_id === `\${aws_kms_key.${keyId}.key_id}`,
    )?.name;
    expect(keyAlias).toMatch(/^alias\//);
    // The cluster layer names the same group, and both node roles may stream into it.
    const groupArn = `arn:aws:logs:us-east-1:333333333333:log-group:${String(group.name)}`;
    const policies = Object.values(cluster.resource.aws_iam_role_policy);
    for (const role of ['node-role', 'karpenter_node-role']) {
      const policy = policies.find((candidate) =>
        new RegExp(`^\\$\\{aws_iam_role\\.${role}_[0-9A-F]+\\.name\\}$`).test(
          String(candidate.role),
        ),
      );
      const statements = (JSON.parse(String(policy?.policy)) as { Statement: Block[] }).Statement;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']),
            Resource: expect.arrayContaining([groupArn]),
          }),
          expect.objectContaining({ Action: 'logs:DescribeLogGroups' }),
          // The session key, by the alias the data layer gives the key the document names.
          expect.objectContaining({
            Action: 'kms:Decrypt',
            Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [keyAlias] } },
          }),
        ]),
      );
    }
  });
});
