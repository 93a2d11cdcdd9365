import { Testing } from 'cdktf';
import {
  EnvironmentConfig,
  EnvironmentTier,
  exampleEnvironment,
  NatStrategy,
} from '@strata/config';
import { NETWORK_CONTRACT, onlyResource, resourcesOfType, synthesizeStack } from '@strata/core';
import { NetworkPeeringStack } from './network-peering-stack';
import { NetworkStack } from './network-stack';

function synthNetwork(environment: EnvironmentConfig, region: string) {
  return synthesizeStack(
    new NetworkStack(Testing.app(), `network-${environment.name}-${region}`, {
      environment,
      region,
    }),
  );
}

describe('NetworkStack', () => {
  const prod = exampleEnvironment();

  it('exports exactly the network contract', () => {
    const json = synthNetwork(prod, 'us-east-1');
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      Object.keys(NETWORK_CONTRACT.outputs).sort(),
    );
  });

  it('uses the region’s CIDR and a distinct transit gateway ASN per region', () => {
    const east = synthNetwork(prod, 'us-east-1');
    const west = synthNetwork(prod, 'us-west-2');
    expect(onlyResource(east, 'aws_vpc').cidr_block).toBe('10.0.0.0/16');
    expect(onlyResource(west, 'aws_vpc').cidr_block).toBe('10.1.0.0/16');
    expect(onlyResource(east, 'aws_ec2_transit_gateway').amazon_side_asn).toBe(64512);
    expect(onlyResource(west, 'aws_ec2_transit_gateway').amazon_side_asn).toBe(64513);
  });

  it('routes the peer region’s CIDR through the transit gateway when peering is on', () => {
    const west = synthNetwork(prod, 'us-west-2');
    const peerRoutes = Object.values(resourcesOfType(west, 'aws_route')).filter(
      (route) => route.destination_cidr_block === '10.0.0.0/16',
    );
    expect(peerRoutes).toHaveLength(4); // three private route tables and the data one
    const acl = onlyResource(west, 'aws_network_acl');
    expect((acl.ingress as Array<{ cidr_block: string }>).map((rule) => rule.cidr_block)).toEqual([
      '10.1.0.0/16',
      '10.0.0.0/16',
    ]);
  });

  it('keeps regions apart when peering is off', () => {
    const staging = exampleEnvironment({
      name: 'staging',
      tier: EnvironmentTier.STAGING,
      network: { natStrategy: NatStrategy.SINGLE, transitGatewayPeering: false },
    });
    const json = synthNetwork(staging, 'us-east-1');
    expect(
      Object.values(resourcesOfType(json, 'aws_route')).map(
        (route) => route.destination_cidr_block,
      ),
    ).not.toContain('10.1.0.0/16');
    expect(Object.keys(resourcesOfType(json, 'aws_nat_gateway'))).toHaveLength(1);
  });

  it('encrypts flow logs with a key CloudWatch Logs of that region may use', () => {
    const json = synthNetwork(prod, 'us-west-2');
    expect(onlyResource(json, 'aws_kms_key').policy).toContain('logs.us-west-2.amazonaws.com');
    const groups = Object.values(resourcesOfType(json, 'aws_cloudwatch_log_group'));
    expect(groups.map((group) => group.name)).toContain('/strata/vpc/strata-prod-usw2/flow-logs');
    // The region's other group (the delivery runner's builds) is under the same key.
    expect(new Set(groups.map((group) => group.kms_key_id))).toEqual(
      new Set([groups[0].kms_key_id]),
    );
  });

  it("hosts the delivery workflows' runner in this region's private subnets too", () => {
    const json = synthNetwork(prod, 'us-west-2');
    const project = onlyResource(json, 'aws_codebuild_project');
    expect(project.name).toBe('strata-prod-usw2-gha-runner');
    expect(JSON.stringify(project.vpc_config)).toContain('aws_subnet.vpc_private');
  });

  it('refuses a region the environment does not have', () => {
    expect(
      () => new NetworkStack(Testing.app(), 'x', { environment: prod, region: 'eu-west-1' }),
    ).toThrow('region eu-west-1 is not one of the environment');
  });
});

describe('NetworkPeeringStack', () => {
  const prod = exampleEnvironment();
  const json = synthesizeStack(
    new NetworkPeeringStack(Testing.app(), 'network-prod-peering', { environment: prod }),
  );

  it('keeps its own state under network-peering/<env>/global', () => {
    expect(json.terraform?.backend?.s3.key).toBe('network-peering/prod/global/terraform.tfstate');
  });

  it('reads both regional networks through the network contract', () => {
    const reads = json.data!.terraform_remote_state;
    expect(
      Object.values(reads)
        .map((read) => (read.config as { key: string }).key)
        .sort(),
    ).toEqual([
      'network/prod/us-east-1/terraform.tfstate',
      'network/prod/us-west-2/terraform.tfstate',
    ]);
    expect(
      onlyResource(json, 'aws_ec2_transit_gateway_peering_attachment').transit_gateway_id,
    ).toContain('data.terraform_remote_state.network-us-east-1.outputs.transitGatewayId');
  });

  it('cannot be built for a single-region environment', () => {
    const dev = exampleEnvironment({
      name: 'dev',
      tier: EnvironmentTier.DEVELOPMENT,
      regions: { secondary: null },
    });
    expect(() => new NetworkPeeringStack(Testing.app(), 'p', { environment: dev })).toThrow(
      'needs regions.secondary',
    );
  });
});
