import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** Gateway endpoints: free, and keep S3 and DynamoDB traffic off the NAT gateways. */
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;

/** The endpoints Session Manager needs to reach an instance without internet access. */
export const SESSION_MANAGER_ENDPOINT_SERVICES = ['ssm', 'ssmmessages', 'ec2messages'] as const;

/**
 * Interface endpoints nodes need to pull images, assume roles and fetch secrets privately, and
 * Session Manager's: its shells reach the private nodes without SSH, bastions or a path to
 * the internet.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'sts',
  ...SESSION_MANAGER_ENDPOINT_SERVICES,
  'logs',
  'kms',
  'secretsmanager',
] as const;

/** Properties of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** The VPC's range (the endpoints' security group admits it). */
  readonly vpcCidr: string;
  /** @default the stack's region */
  readonly region?: string;
  /** Route tables that get the gateway endpoints' routes. */
  readonly routeTableIds: readonly string[];
  /** Subnets that get an interface endpoint network interface each. */
  readonly subnetIds: readonly string[];
  /** The name of the endpoints' security group. */
  readonly securityGroupName: string;
  /** @default true */
  readonly interfaceEndpoints?: boolean;
}

/** Gateway and interface VPC endpoints, the latter reachable on 443 from inside the VPC only. */
export class VpcEndpoints extends Construct {
  /** The security group's ID. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const region = props.region ?? environment.region;
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [...props.routeTableIds],
      });
    }
    const securityGroup = new SecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      name: props.securityGroupName,
      description: 'HTTPS from the VPC to interface endpoints',
    });
    this.node.defaultChild = securityGroup;
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS from inside the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.securityGroupId = securityGroup.id;
    if (props.interfaceEndpoints ?? true) {
      for (const service of INTERFACE_ENDPOINT_SERVICES) {
        new VpcEndpoint(this, service.replace('.', '-'), {
          vpcId: props.vpcId,
          serviceName: `com.amazonaws.${region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: [...props.subnetIds],
          securityGroupIds: [securityGroup.id],
        });
      }
    }
  }
}
