import { Construct } from 'constructs';
import { Fn, TerraformLocal } from 'cdktf';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { grantToRole, IRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { AuroraPostgres } from './aurora-postgres';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link DatabaseProxy}. */
export interface DatabaseProxyProps extends DataStorePlacement {
  /** The proxy's name. */
  readonly proxyName: string;
  /** The database it fronts. */
  readonly database: AuroraPostgres;
  /**
   * The PostgreSQL roles clients log in as. A client presents an IAM token for its role; the
   * proxy logs in to the database as that role with an IAM token of its own (end-to-end IAM
   * authentication), so no password exists to store, read or rotate. Each role must be a
   * member of `rds_iam` (see DatabaseRoles).
   */
  readonly users: readonly string[];
}

/** An RDS Proxy that grants give IAM logins through: defined here or imported. */
export interface IDatabaseProxy {
  /** The proxy's resource id (`prx-...`), which IAM logins through it name. */
  readonly proxyResourceId: string;
  /** The proxy's endpoint. */
  readonly endpoint: string;
  /**
   * Lets `grantee` log in through the proxy as the PostgreSQL role `user` with an IAM token
   * (`rds-db:connect` on the proxy's `dbuser`).
   */
  grantConnect(grantee: IRole, user: string): void;
}

/** The grant of every proxy: the `dbuser` ARN names the proxy's resource id. */
abstract class ProxyBase extends Construct implements IDatabaseProxy {
  abstract readonly proxyResourceId: string;
  abstract readonly endpoint: string;

  grantConnect(grantee: IRole, user: string): void {
    grantToRole(
      grantee,
      ['rds-db:connect'],
      [arnOf(this, { service: 'rds-db', resource: `dbuser:${this.proxyResourceId}/${user}` })],
    );
  }
}

class ImportedProxy extends ProxyBase {
  constructor(
    scope: Construct,
    id: string,
    /** The proxy's resource id. */
    readonly proxyResourceId: string,
    /** The proxy's endpoint. */
    readonly endpoint: string,
  ) {
    super(scope, id);
  }
}

/**
 * An RDS Proxy in front of an Aurora PostgreSQL cluster: connection pooling for many short
 * Kubernetes clients, TLS required, and IAM authentication from the client to the database
 * with no password anywhere: the proxy's role may log in as exactly the roles it serves.
 */
export class DatabaseProxy extends ProxyBase {
  /** The proxy's ARN. */
  readonly proxyArn: string;
  /** The proxy resource's ID. */
  readonly proxyResourceId: string;
  /** The proxy's endpoint. */
  readonly endpoint: string;
  /** The security group's ID. */
  readonly securityGroupId: string;

  /** A proxy another stack created, e.g. from a layer contract, to grant logins through. */
  static fromProxyAttributes(
    scope: Construct,
    id: string,
    attributes: { readonly proxyResourceId: string; readonly endpoint: string },
  ): IDatabaseProxy {
    return new ImportedProxy(scope, id, attributes.proxyResourceId, attributes.endpoint);
  }

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    if (props.users.length === 0) {
      throw new Error(`DatabaseProxy ${props.proxyName}: users is empty; nobody could log in`);
    }
    const accountId = awsEnvironmentOf(this).account;
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
    });
    for (const user of props.users) props.database.grantConnect(role, user);
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
      defaultAuthScheme: 'IAM_AUTH',
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
    this.proxyArn = proxy.arn;
    // The ARN's last part (arn:...:db-proxy:prx-...). A local, so that policies name it with
    // a plain reference rather than an expression inside their JSON.
    this.proxyResourceId = new TerraformLocal(
      this,
      'resource-id',
      Fn.element(Fn.split(':', proxy.arn), 6),
    ).asString;
    this.endpoint = proxy.endpoint;
  }
}
