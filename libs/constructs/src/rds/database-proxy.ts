import { Construct } from 'constructs';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { AuroraPostgres } from './aurora-postgres';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';

export interface DatabaseProxyProps extends DataStorePlacement {
  readonly proxyName: string;
  readonly database: AuroraPostgres;
  /** Secret with the database credentials the proxy logs in with. */
  readonly secretArn: string;
  /**
   * Key that encrypts that secret; the proxy may decrypt with it only through Secrets Manager.
   * @default any key, but only through Secrets Manager and only for this secret (its
   * encryption context): for a replica secret whose key another stack owns
   */
  readonly secretKmsKey?: IKmsKey;
  /** @default the stack's region */
  readonly region?: string;
  /** @default the stack's account */
  readonly accountId?: string;
}

/**
 * An RDS Proxy in front of an Aurora PostgreSQL cluster: connection pooling for many short
 * Kubernetes clients, TLS required, IAM authentication required from clients, and a role
 * that can read exactly one secret.
 */
export class DatabaseProxy extends Construct {
  readonly endpoint: string;
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const region = props.region ?? environment.region;
    const provider = props.provider;
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${props.proxyName}-proxy`,
      description: `RDS Proxy ${props.proxyName}: ${DATA_STORE_PORTS.postgres} from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.postgres],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    // The proxy is the one client of the database outside the workload subnets.
    securityGroup.allowTo(
      props.database.securityGroupId,
      DATA_STORE_PORTS.postgres,
      'Proxy to Aurora',
    );
    props.database.securityGroup.allowFrom(
      'from-proxy',
      securityGroup.securityGroupId,
      DATA_STORE_PORTS.postgres,
      `RDS Proxy ${props.proxyName}`,
    );
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: `${props.proxyName}-proxy`,
      assumeRolePolicy: serviceTrustPolicy('rds.amazonaws.com', accountId),
      statements: [
        {
          Sid: 'ReadTheDatabaseSecret',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: props.secretArn,
        },
        {
          Sid: 'DecryptTheSecretThroughSecretsManager',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.secretKmsKey?.keyArn ?? '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
              // Secrets Manager names the secret in the encryption context of each decrypt.
              ...(props.secretKmsKey ? {} : { 'kms:EncryptionContext:SecretARN': props.secretArn }),
            },
          },
        },
      ],
    });
    const proxy = new DbProxy(this, 'proxy', {
      provider,
      name: props.proxyName,
      engineFamily: 'POSTGRESQL',
      roleArn: role.roleArn,
      vpcSubnetIds: props.subnetIds,
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
      requireTls: true,
      idleClientTimeout: 1800,
      debugLogging: false,
      auth: [
        {
          authScheme: 'SECRETS',
          secretArn: props.secretArn,
          iamAuth: 'REQUIRED',
          clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256',
        },
      ],
      dependsOn: role.resources,
    });
    this.node.defaultChild = proxy;
    const targetGroup = new DbProxyDefaultTargetGroup(this, 'target-group', {
      provider,
      dbProxyName: proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent: 90,
        maxIdleConnectionsPercent: 50,
        connectionBorrowTimeout: 120,
      },
    });
    new DbProxyTarget(this, 'target', {
      provider,
      dbProxyName: proxy.name,
      targetGroupName: targetGroup.name,
      dbClusterIdentifier: props.database.clusterIdentifier,
    });
    this.endpoint = proxy.endpoint;
  }
}
