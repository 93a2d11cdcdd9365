import { defineLayerContract, contractOutput } from './layer-contract';

/** What the network layer exports for cluster, data, observability and edge. */
export const NETWORK_CONTRACT = defineLayerContract({
  layer: 'network',
  outputs: {
    /** VPC id. */
    vpcId: contractOutput('string', 'VPC id'),
    /** VPC IPv4 CIDR. */
    vpcCidr: contractOutput('string', 'VPC IPv4 CIDR'),
    /** Availability zones, in subnet order. */
    availabilityZones: contractOutput('stringList', 'Availability zones, in subnet order'),
    /** Public subnets (load balancers, NAT), one per AZ. */
    publicSubnetIds: contractOutput(
      'stringList',
      'Public subnets (load balancers, NAT), one per AZ',
    ),
    /** Private subnets (workloads, EKS nodes), one per AZ. */
    privateSubnetIds: contractOutput(
      'stringList',
      'Private subnets (workloads, EKS nodes), one per AZ',
    ),
    /** CIDRs of the private subnets: the only sources data stores accept. */
    privateSubnetCidrs: contractOutput(
      'stringList',
      'CIDRs of the private subnets: the only sources data stores accept',
    ),
    /** Isolated data subnets (databases, caches), one per AZ. */
    dataSubnetIds: contractOutput(
      'stringList',
      'Isolated data subnets (databases, caches), one per AZ',
    ),
    /** Route tables of the private subnets. */
    privateRouteTableIds: contractOutput('stringList', 'Route tables of the private subnets'),
    /** Route tables of the data subnets. */
    dataRouteTableIds: contractOutput('stringList', 'Route tables of the data subnets'),
    /** Security group of the interface endpoints. */
    endpointSecurityGroupId: contractOutput('string', 'Security group of the interface endpoints'),
    /** Regional transit gateway id. */
    transitGatewayId: contractOutput('string', 'Regional transit gateway id'),
    /** Transit gateway route table of this region. */
    transitGatewayRouteTableId: contractOutput(
      'string',
      'Transit gateway route table of this region',
    ),
    /** CloudWatch log group receiving VPC flow logs. */
    flowLogGroupName: contractOutput('string', 'CloudWatch log group receiving VPC flow logs'),
  },
});

/** The type of the network layer's contract. */
export type NetworkContract = typeof NETWORK_CONTRACT;
