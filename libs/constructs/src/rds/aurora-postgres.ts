import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { RdsGlobalCluster } from '@cdktf/provider-aws/lib/rds-global-cluster';
import { grantToRole, IRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { GeneratedSecret, SecretReplica } from '../secrets/generated-secret';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';
import { arnOf, awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';
import { CredentialRotation, RotationTarget } from '../secrets/credential-rotation';
import { rdsIdentifierRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';

/** Where a cluster stands in an Aurora global database. */
export enum GlobalDatabaseRole {
  /** A regional cluster with no global database. */
  NONE = 'none',
  /** Creates the global database and is its writer. */
  PRIMARY = 'primary',
  /** Joins an existing global database as a read-only cluster, promotable on failover. */
  SECONDARY = 'secondary',
}

/** A cluster's place in an Aurora global database. */
export interface AuroraGlobalMembership {
  /** Primary (writes) or secondary (read-only, promotable). */
  readonly role: GlobalDatabaseRole;
  /** The global cluster's identifier (created by the primary, joined by a secondary). */
  readonly globalClusterIdentifier: string;
  /** Where the master secret is replicated (primary only), so a promoted secondary has it. */
  readonly secretReplicas?: readonly SecretReplica[];
  /**
   * ARNs of the other member clusters (primary only): the master password's rotation sets it
   * on whichever member is the writer, after a failover too. @default none
   */
  readonly otherMemberClusterArns?: readonly string[];
}

/** Properties of {@link AuroraPostgres}. */
export interface AuroraPostgresProps extends DataStorePlacement {
  /** The cluster's identifier. */
  readonly clusterIdentifier: string;
  /** e.g. `16.6`; the major version selects the parameter group family. */
  readonly engineVersion: string;
  /**
   * Instance class of every instance; `db.serverless` makes them Aurora Serverless v2, between
   * `serverlessCapacity.min` and `.max` ACUs.
   */
  readonly instanceClass: string;
  /** ACU bounds of Serverless v2 instances. @default { min: 0.5, max: 4 } */
  readonly serverlessCapacity?: {
    /** The fewest ACUs. */
    readonly min: number;
    /** The most ACUs. */
    readonly max: number;
  };
  /** Writer plus readers; RDS spreads them over the subnet group's AZs. */
  readonly instanceCount: number;
  /** Encrypts storage, snapshots, Performance Insights and the master secret. */
  readonly kmsKey: IKmsKey;
  /**
   * Encrypts the master-password rotation function's logs and environment (a global
   * primary's; other clusters' passwords are rotated by Aurora itself); CloudWatch Logs must
   * be allowed to use it.
   */
  readonly logKmsKey: IKmsKey;
  /** Days the rotation function's logs are kept. @default 30 */
  readonly logRetentionDays?: number;
  /** Days between master password rotations. @default 30 */
  readonly rotateAfterDays?: number;
  /** @default 35 */
  readonly backupRetentionDays?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default a regional cluster (GlobalDatabaseRole.NONE) */
  readonly global?: AuroraGlobalMembership;
  /** @default 'platform' */
  readonly databaseName?: string;
  /** @default 'platform_admin' */
  readonly masterUsername?: string;
  /** Tags on the cluster, e.g. the AWS Backup selection tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default the stack's account */
  readonly accountId?: string;
}

/** The instance class of Aurora Serverless v2 instances. */
export const SERVERLESS_INSTANCE_CLASS = 'db.serverless';

/** Enhanced Monitoring granularity in seconds. */
const MONITORING_INTERVAL_SECONDS = 15;
/** Performance Insights retention in days (the free tier). */
const PERFORMANCE_INSIGHTS_DAYS = 7;

/**
 * Aurora PostgreSQL the way Strata runs it: Multi-AZ instances in isolated subnets, KMS
 * storage encryption, IAM authentication, TLS enforced by the parameter group, PITR backups,
 * Performance Insights and Enhanced Monitoring, a master password in Secrets Manager, and
 * an optional place in a global database.
 */
export class AuroraPostgres extends Construct {
  /** The cluster's identifier. */
  readonly clusterIdentifier: string;
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The writer's endpoint. */
  readonly writerEndpoint: string;
  /** The reader's endpoint. */
  readonly readerEndpoint: string;
  /** The security group's ID. */
  readonly securityGroupId: string;
  /** Its security group. */
  readonly securityGroup: DataStoreSecurityGroup;
  /** The subnet group of the isolated data subnets (restores and clones go there too). */
  readonly subnetGroupName: string;
  /** The master credentials' secret; undefined for a global secondary (it uses the primary's). */
  readonly masterSecretArn?: string;
  /** The key the master secret is encrypted with (the storage key). */
  readonly masterSecretKmsKey: IKmsKey;
  /** The database the cluster was created with. */
  readonly databaseName: string;
  /** The cluster's resource id (`cluster-...`), which IAM database authentication names. */
  readonly clusterResourceId: string;
  /** The instances: depend on them to reach a writer that accepts connections. */
  readonly instances: readonly ITerraformDependable[];
  /** The global cluster it belongs to, if any. */
  readonly globalClusterIdentifier?: string;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const provider = props.provider;
    const role = props.global?.role ?? GlobalDatabaseRole.NONE;
    const major = props.engineVersion.split('.')[0];
    const name = props.clusterIdentifier;
    // The longest name made from it is the last instance's, `<identifier>-<count>`.
    const identifierRule = rdsIdentifierRule(name, `-${props.instanceCount}`);
    if (identifierRule) throw new PropError(this, 'clusterIdentifier', name, identifierRule);
    const databaseName = props.databaseName ?? 'platform';

    const parameters = new RdsClusterParameterGroup(this, 'parameters', {
      provider,
      name: `${name}-pg${major}`,
      family: `aurora-postgresql${major}`,
      description: `TLS-only, audited settings for ${name}`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
        { name: 'log_min_duration_statement', value: '1000' },
        // Audit trail of schema and privilege changes: pgaudit logs DDL and role statements
        // (CREATE/ALTER/DROP, GRANT/REVOKE, CREATE ROLE) to the exported postgresql log;
        // log_statement keeps DDL in the log even where pgaudit is not yet loaded.
        { name: 'shared_preload_libraries', value: 'pgaudit', applyMethod: 'pending-reboot' },
        { name: 'pgaudit.log', value: 'ddl,role' },
        { name: 'pgaudit.log_parameter', value: '0' },
        { name: 'log_statement', value: 'ddl' },
      ],
    });
    const subnets = new DbSubnetGroup(this, 'subnets', {
      provider,
      name: `${name}-data`,
      description: `Isolated data subnets of ${name}`,
      subnetIds: props.subnetIds,
    });
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${name}-db`,
      description: `Aurora PostgreSQL ${name}: ${DATA_STORE_PORTS.postgres} from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.postgres],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroup = securityGroup;
    this.securityGroupId = securityGroup.securityGroupId;
    this.subnetGroupName = subnets.name;
    const monitoringRole = new ServiceRole(this, 'monitoring-role', {
      provider,
      roleName: `${name}-rds-monitoring`,
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com', accountId),
      // AWS maintains the exact permissions Enhanced Monitoring needs.
      managedPolicyArns: [managedPolicyArn(this, 'service-role/AmazonRDSEnhancedMonitoringRole')],
    });

    let globalClusterIdentifier = props.global?.globalClusterIdentifier;
    if (role === GlobalDatabaseRole.PRIMARY && props.global) {
      const globalCluster = new RdsGlobalCluster(this, 'global', {
        provider,
        globalClusterIdentifier: props.global.globalClusterIdentifier,
        engine: 'aurora-postgresql',
        engineVersion: props.engineVersion,
        databaseName,
        storageEncrypted: true,
        deletionProtection: props.deletionProtection ?? true,
      });
      globalClusterIdentifier = globalCluster.id;
    }
    this.globalClusterIdentifier = globalClusterIdentifier;

    // Aurora cannot manage the master password of a global database member, so a global
    // primary gets a generated one in Secrets Manager, replicated to the secondary region.
    const generatedSecret =
      role === GlobalDatabaseRole.PRIMARY
        ? new GeneratedSecret(this, 'master-secret', {
            provider,
            secretName: `${name}/master`,
            description: `Master credentials of the ${name} global database`,
            kmsKey: props.kmsKey,
            username: props.masterUsername ?? 'platform_admin',
            // Characters PostgreSQL connection strings and RDS reject.
            excludeCharacters: '/@"\' \\:?#[]%',
            replicas: props.global?.secretReplicas,
            // Out of plans and state: the cluster takes it through `master_password_wo`.
            writeOnly: true,
          })
        : undefined;

    // Aurora rotates the passwords it manages (every 7 days); a global primary's generated
    // one rotates through the project's rotation function, which changes it with the RDS API.
    if (generatedSecret) {
      new CredentialRotation(this, 'master-rotation', {
        provider,
        secretArn: generatedSecret.secretArn,
        secretKmsKey: props.kmsKey,
        target: RotationTarget.AURORA_CLUSTER,
        resourceId: name,
        globalDatabase: globalClusterIdentifier
          ? {
              globalClusterIdentifier,
              memberClusterArns: [
                arnOf(this, { service: 'rds', resource: `cluster:${name}` }),
                ...(props.global?.otherMemberClusterArns ?? []),
              ],
            }
          : undefined,
        functionName: `${name}-rotate-master`,
        logKmsKey: props.logKmsKey,
        logRetentionDays: props.logRetentionDays,
        rotateAfterDays: props.rotateAfterDays,
      });
    }

    const masterUsername = props.masterUsername ?? 'platform_admin';
    // A secondary inherits database and credentials from the global database; a global
    // primary names the database on the global cluster.
    const credentials = generatedSecret
      ? { masterUsername, masterPasswordWo: generatedSecret.password, masterPasswordWoVersion: 1 }
      : role === GlobalDatabaseRole.SECONDARY
        ? {}
        : {
            databaseName,
            masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: props.kmsKey.keyArn,
          };
    const cluster = new RdsCluster(this, 'cluster', {
      provider,
      clusterIdentifier: name,
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      engineVersion: props.engineVersion,
      globalClusterIdentifier,
      ...credentials,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      storageEncrypted: true,
      kmsKeyId: props.kmsKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      serverlessv2ScalingConfiguration:
        props.instanceClass === SERVERLESS_INSTANCE_CLASS
          ? {
              minCapacity: props.serverlessCapacity?.min ?? 0.5,
              maxCapacity: props.serverlessCapacity?.max ?? 4,
            }
          : undefined,
      // The RDS Data API: operations functions run SQL (role set-up) over HTTPS, authenticated
      // by IAM and the master secret, with no VPC attachment and no database driver.
      enableHttpEndpoint: true,
      backupRetentionPeriod: props.backupRetentionDays ?? 35,
      preferredBackupWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${name}-final`,
      enabledCloudwatchLogsExports: ['postgresql'],
      tags: props.tags,
      lifecycle: {
        ignoreChanges: [
          // AWS sets this on a secondary when it joins or after a managed failover.
          ...(role === GlobalDatabaseRole.SECONDARY ? ['replication_source_identifier'] : []),
        ],
      },
    });
    this.node.defaultChild = cluster;

    const instances: RdsClusterInstance[] = [];
    for (let index = 0; index < props.instanceCount; index++) {
      const instance = new RdsClusterInstance(this, `instance-${index + 1}`, {
        provider,
        identifier: `${name}-${index + 1}`,
        clusterIdentifier: cluster.id,
        engine: 'aurora-postgresql',
        engineVersion: props.engineVersion,
        instanceClass: props.instanceClass,
        dbSubnetGroupName: subnets.name,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: 'rds-ca-rsa2048-g1',
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKey.keyArn,
        performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_DAYS,
        monitoringInterval: MONITORING_INTERVAL_SECONDS,
        monitoringRoleArn: monitoringRole.roleArn,
        promotionTier: index,
        copyTagsToSnapshot: true,
        dependsOn: monitoringRole.resources,
      });
      instances.push(instance);
    }
    this.instances = instances;
    this.databaseName = databaseName;
    this.clusterResourceId = cluster.clusterResourceId;
    this.masterSecretKmsKey = props.kmsKey;

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.masterSecretArn =
      role === GlobalDatabaseRole.NONE
        ? cluster.masterUserSecret.get(0).secretArn
        : generatedSecret?.secretArn;
  }

  /**
   * Lets `grantee` log in to the cluster as the PostgreSQL role `user` with an IAM token
   * (`rds-db:connect`); the role must be a member of `rds_iam`.
   */
  grantConnect(grantee: IRole, user: string): void {
    grantToRole(
      grantee,
      ['rds-db:connect'],
      [arnOf(this, { service: 'rds-db', resource: `dbuser:${this.clusterResourceId}/${user}` })],
    );
  }
}
