import { defineLayerContract } from './layer-contract';

/** What the network layer exports for cluster, data, observability and edge. */
export const NETWORK_CONTRACT = defineLayerContract({
  layer: 'network',
  outputs: {
    vpcId: { kind: 'string', description: 'VPC id' },
    vpcCidr: { kind: 'string', description: 'VPC IPv4 CIDR' },
    availabilityZones: { kind: 'stringList', description: 'Availability zones, in subnet order' },
    publicSubnetIds: {
      kind: 'stringList',
      description: 'Public subnets (load balancers, NAT), one per AZ',
    },
    privateSubnetIds: {
      kind: 'stringList',
      description: 'Private subnets (workloads, EKS nodes), one per AZ',
    },
    privateSubnetCidrs: {
      kind: 'stringList',
      description: 'CIDRs of the private subnets: the only sources data stores accept',
    },
    dataSubnetIds: {
      kind: 'stringList',
      description: 'Isolated data subnets (databases, caches), one per AZ',
    },
    privateRouteTableIds: {
      kind: 'stringList',
      description: 'Route tables of the private subnets',
    },
    dataRouteTableIds: { kind: 'stringList', description: 'Route tables of the data subnets' },
    endpointSecurityGroupId: {
      kind: 'string',
      description: 'Security group of the interface endpoints',
    },
    transitGatewayId: { kind: 'string', description: 'Regional transit gateway id' },
    transitGatewayRouteTableId: {
      kind: 'string',
      description: 'Transit gateway route table of this region',
    },
    flowLogGroupName: {
      kind: 'string',
      description: 'CloudWatch log group receiving VPC flow logs',
    },
  },
});

export type NetworkContract = typeof NETWORK_CONTRACT;
