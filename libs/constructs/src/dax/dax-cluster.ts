import { Construct } from 'constructs';
import { DaxCluster as DaxClusterResource } from '@cdktf/provider-aws/lib/dax-cluster';
import { DaxParameterGroup } from '@cdktf/provider-aws/lib/dax-parameter-group';
import { DaxSubnetGroup } from '@cdktf/provider-aws/lib/dax-subnet-group';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { ITable } from '../dynamodb/global-table';

/** Properties of {@link DaxCluster}. */
export interface DaxClusterProps extends DataStorePlacement {
  /** At most 20 characters (a DAX limit). */
  readonly clusterName: string;
  /** The nodes' instance type. */
  readonly nodeType: string;
  /** One primary plus read replicas; DAX spreads them over the subnets' AZs. */
  readonly nodes: number;
  /**
   * Tables DAX may read and write on the callers' behalf: each grants DAX's role its items and
   * the use of its key (DynamoDB decrypts with the caller's permission on a customer managed key).
   */
  readonly tables: readonly ITable[];
  /** @default the stack's account */
  readonly accountId?: string;
}

/** The TLS port of a DAX cluster endpoint. */

/**
 * A DAX cluster in front of DynamoDB: encrypted at rest (DAX supports only its own key),
 * TLS-only endpoint, nodes spread over the AZs, and a role limited to the given tables.
 */
export class DaxCluster extends Construct {
  /** The cluster's discovery address. */
  readonly clusterAddress: string;
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The security group's ID. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: DaxClusterProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const provider = props.provider;
    const name = props.clusterName;
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: `${name}-dax`,
      assumeRolePolicy: serviceTrustPolicy('dax.amazonaws.com', accountId),
    });
    // These tables only, with their keys.
    for (const table of props.tables) table.grantReadWriteData(role);
    const subnets = new DaxSubnetGroup(this, 'subnets', {
      provider,
      name: `${name}-data`,
      subnetIds: props.subnetIds,
    });
    const parameters = new DaxParameterGroup(this, 'parameters', {
      provider,
      name: `${name}-ttl`,
      parameters: [
        { name: 'query-ttl-millis', value: '300000' },
        { name: 'record-ttl-millis', value: '300000' },
      ],
    });
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${name}-dax`,
      description: `DAX ${name}: TLS port from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.dax],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    const cluster = new DaxClusterResource(this, 'cluster', {
      provider,
      clusterName: name,
      nodeType: props.nodeType,
      replicationFactor: props.nodes,
      iamRoleArn: role.roleArn,
      subnetGroupName: subnets.name,
      parameterGroupName: parameters.name,
      securityGroupIds: [securityGroup.securityGroupId],
      serverSideEncryption: { enabled: true },
      clusterEndpointEncryptionType: 'TLS',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      dependsOn: role.resources,
    });
    this.node.defaultChild = cluster;
    this.clusterAddress = cluster.clusterAddress;
    this.clusterArn = cluster.arn;
  }
}
