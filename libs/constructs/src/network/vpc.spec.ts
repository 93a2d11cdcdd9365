import { NatStrategy } from '../vocabulary/nat-strategy';
import {
  onlyResource,
  policyOf,
  resourcesOfType,
  SynthesizedStack,
  synthesizeStack,
} from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { INTERFACE_ENDPOINT_SERVICES } from './vpc-endpoints';
import { Vpc, VpcProps } from './vpc';
import { KmsKey } from '../kms/kms-key';

function synthVpc(overrides: Partial<VpcProps> = {}): SynthesizedStack {
  const stack = testStack();
  new Vpc(stack, 'vpc', {
    name: 'strata-prod-use1',
    cidr: '10.0.0.0/16',
    azCount: 3,
    natStrategy: NatStrategy.PER_AZ,
    region: 'us-east-1',
    accountId: '333333333333',
    flowLogKmsKey: KmsKey.fromKeyArn(
      stack,
      'logs-key',
      'arn:aws:kms:us-east-1:333333333333:key/logs',
    ),
    ...overrides,
  });
  return synthesizeStack(stack);
}

const subnetsOfTier = (json: SynthesizedStack, tier: string) =>
  Object.values(resourcesOfType(json, 'aws_subnet')).filter(
    (subnet) => (subnet.tags as Record<string, string>).Tier === tier,
  );

describe('Vpc', () => {
  const prod = synthVpc();

  it('creates DNS-enabled VPC with three tiers of subnets from the plan, one per AZ', () => {
    expect(onlyResource(prod, 'aws_vpc')).toMatchObject({
      cidr_block: '10.0.0.0/16',
      enable_dns_hostnames: true,
      enable_dns_support: true,
    });
    expect(subnetsOfTier(prod, 'public').map((subnet) => subnet.cidr_block)).toEqual([
      '10.0.224.0/22',
      '10.0.228.0/22',
      '10.0.232.0/22',
    ]);
    expect(subnetsOfTier(prod, 'private')).toHaveLength(3);
    expect(subnetsOfTier(prod, 'data')).toHaveLength(3);
    expect(
      Object.values(resourcesOfType(prod, 'aws_subnet')).every(
        (subnet) => subnet.map_public_ip_on_launch === false,
      ),
    ).toBe(true);
  });

  it('spreads subnets over distinct availability zones', () => {
    const zones = subnetsOfTier(prod, 'private').map((subnet) => subnet.availability_zone);
    expect(new Set(zones).size).toBe(3);
    expect(zones[1]).toContain('data.aws_availability_zones');
  });

  it.each([
    [NatStrategy.PER_AZ, 3, 3],
    [NatStrategy.SINGLE, 1, 3],
    [NatStrategy.NONE, 0, 0],
  ])(
    'with NAT strategy %s creates %d NAT gateways and %d private default routes',
    (natStrategy, nats, defaults) => {
      const json = synthVpc({ natStrategy });
      expect(Object.keys(resourcesOfType(json, 'aws_nat_gateway'))).toHaveLength(nats);
      expect(Object.keys(resourcesOfType(json, 'aws_eip'))).toHaveLength(nats);
      const privateDefaults = Object.values(resourcesOfType(json, 'aws_route')).filter(
        (route) => route.destination_cidr_block === '0.0.0.0/0' && route.nat_gateway_id,
      );
      expect(privateDefaults).toHaveLength(defaults);
    },
  );

  it('routes each private subnet through the NAT gateway of its own AZ', () => {
    const routes = Object.entries(resourcesOfType(prod, 'aws_route')).filter(
      ([, route]) => route.nat_gateway_id,
    );
    expect(routes.map(([, route]) => route.nat_gateway_id)).toEqual([
      expect.stringContaining('nat-0'),
      expect.stringContaining('nat-1'),
      expect.stringContaining('nat-2'),
    ]);
  });

  it('gives the data tier no route out of the VPC', () => {
    const dataTable = Object.entries(resourcesOfType(prod, 'aws_route_table')).find(([id]) =>
      id.includes('data-routes'),
    );
    expect(dataTable).toBeDefined();
    const routesOfDataTable = Object.values(resourcesOfType(prod, 'aws_route')).filter((route) =>
      String(route.route_table_id).includes(dataTable![0]),
    );
    expect(routesOfDataTable).toEqual([]);
  });

  it('fences the data tier with a NACL open only to the VPC and its peers', () => {
    const acl = onlyResource(synthVpc({ peerCidrs: ['10.1.0.0/16'] }), 'aws_network_acl');
    for (const direction of ['ingress', 'egress']) {
      expect(
        (acl[direction] as Array<Record<string, unknown>>).map((rule) => [
          rule.cidr_block,
          rule.action,
        ]),
      ).toEqual([
        ['10.0.0.0/16', 'allow'],
        ['10.1.0.0/16', 'allow'],
      ]);
    }
    expect((acl.subnet_ids as string[]).every((id) => id.includes('data-'))).toBe(true);
  });

  it('strips every rule from the default security group', () => {
    const group = onlyResource(prod, 'aws_default_security_group');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it('logs all flows to a KMS-encrypted group kept 30 days, through a narrowly scoped role', () => {
    expect(onlyResource(prod, 'aws_flow_log')).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
    });
    expect(onlyResource(prod, 'aws_cloudwatch_log_group')).toMatchObject({
      retention_in_days: 30,
      kms_key_id: 'arn:aws:kms:us-east-1:333333333333:key/logs',
    });
    const [statement] = policyOf(onlyResource(prod, 'aws_iam_role_policy')).Statement;
    expect(statement.Resource).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/),
    ]);
    const trust = policyOf(onlyResource(prod, 'aws_iam_role'), 'assume_role_policy').Statement[0];
    expect(trust.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '333333333333' } });
  });

  it('adds S3 and DynamoDB gateway endpoints and private-DNS interface endpoints', () => {
    const endpoints = Object.values(resourcesOfType(prod, 'aws_vpc_endpoint'));
    const byType = (type: string) =>
      endpoints
        .filter((endpoint) => endpoint.vpc_endpoint_type === type)
        .map((endpoint) => endpoint.service_name)
        .sort();
    expect(byType('Gateway')).toEqual([
      'com.amazonaws.us-east-1.dynamodb',
      'com.amazonaws.us-east-1.s3',
    ]);
    expect(byType('Interface')).toEqual(
      INTERFACE_ENDPOINT_SERVICES.map((service) => `com.amazonaws.us-east-1.${service}`).sort(),
    );
    expect(
      endpoints
        .filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface')
        .every((e) => e.private_dns_enabled),
    ).toBe(true);
    expect(onlyResource(prod, 'aws_vpc_security_group_ingress_rule')).toMatchObject({
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.0.0.0/16',
    });
  });

  it('can leave out the interface endpoints', () => {
    const endpoints = Object.values(
      resourcesOfType(synthVpc({ interfaceEndpoints: false }), 'aws_vpc_endpoint'),
    );
    expect(endpoints.map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(['Gateway', 'Gateway']);
  });
});
