import { Construct } from 'constructs';
import { IVpc, Vpc } from '../network';

/** A VPC imported by attributes (`10.0.0.0/16`, two zones), for tests of constructs that take one. */
export function vpcFixture(scope: Construct, id = 'vpc'): IVpc {
  return Vpc.fromVpcAttributes(scope, id, {
    vpcId: 'vpc-1',
    vpcCidr: '10.0.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    publicSubnetIds: ['subnet-public-1', 'subnet-public-2'],
    privateSubnetIds: ['subnet-1', 'subnet-2'],
    dataSubnetIds: ['subnet-data-1', 'subnet-data-2'],
  });
}
