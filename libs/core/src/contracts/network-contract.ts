import { defineLayerContract, contractOutput } from './layer-contract';

/** What the network layer exports for cluster, data, observability and edge. */
export const NETWORK_CONTRACT = defineLayerContract({
  layer: 'network',
  outputs: {
    vpcId: contractOutput('string', 'VPC id'),
    vpcCidr: contractOutput('string', 'VPC IPv4 CIDR'),
    availabilityZones: contractOutput('stringList', 'Availability zones, in subnet order'),
    publicSubnetIds: contractOutput(
      'stringList',
      'Public subnets (load balancers, NAT), one per AZ',
    ),
    privateSubnetIds: contractOutput(
      'stringList',
      'Private subnets (workloads, EKS nodes), one per AZ',
    ),
    privateSubnetCidrs: contractOutput(
      'stringList',
      'CIDRs of the private subnets: the only sources data stores accept',
    ),
    dataSubnetIds: contractOutput(
      'stringList',
      'Isolated data subnets (databases, caches), one per AZ',
    ),
    privateRouteTableIds: contractOutput('stringList', 'Route tables of the private subnets'),
    dataRouteTableIds: contractOutput('stringList', 'Route tables of the data subnets'),
    endpointSecurityGroupId: contractOutput('string', 'Security group of the interface endpoints'),
    transitGatewayId: contractOutput('string', 'Regional transit gateway id'),
    transitGatewayRouteTableId: contractOutput(
      'string',
      'Transit gateway route table of this region',
    ),
    flowLogGroupName: contractOutput('string', 'CloudWatch log group receiving VPC flow logs'),
  },
});

/** The type of the network layer's contract. */
export type NetworkContract = typeof NETWORK_CONTRACT;
