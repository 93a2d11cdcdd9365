import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { grantToRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';
import { ServiceFunction } from '../lambda/service-function';
import { AuroraPostgres } from './aurora-postgres';
import { databaseRoleStatements } from './database-role-statements';

/** Properties of {@link DatabaseRoles}. */
export interface DatabaseRolesProps {
  /** The writer cluster (a regional cluster or a global primary) whose master secret runs the statements. */
  readonly database: AuroraPostgres;
  /** The login roles, one per component; each owns a schema of its name. */
  readonly roles: readonly string[];
  /** Extensions created first. @default ['pgaudit'] */
  readonly extensions?: readonly string[];
  /** Name of the function (and its role and log group). */
  readonly functionName: string;
  /** Encrypts the function's log group. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Each component's own PostgreSQL login (see databaseRoleStatements), created in the
 * database by a function that runs the statements in one transaction through the RDS Data
 * API as the master user. Terraform invokes it once the writer is up and again whenever the
 * statements change, so adding a component to the catalogue adds its role on the next apply.
 * Only the writer's region runs it: the roles replicate with the global database.
 */
export class DatabaseRoles extends Construct {
  /** The statements the function runs, in order. */
  readonly statements: readonly string[];

  constructor(scope: Construct, id: string, props: DatabaseRolesProps) {
    super(scope, id);
    const database = props.database;
    const secretArn = database.masterSecretArn;
    if (secretArn === undefined) {
      throw new Error(
        `DatabaseRoles ${this.node.path}: the cluster has no master secret here (a global secondary); create the roles in the primary's region`,
      );
    }
    this.statements = databaseRoleStatements({
      databaseName: database.databaseName,
      roles: props.roles,
      extensions: props.extensions,
    });
    const fn = new ServiceFunction(this, 'function', {
      provider: props.provider,
      functionName: props.functionName,
      description: `Creates the components' PostgreSQL logins in ${database.databaseName}`,
      asset: 'database-roles',
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
      timeoutSeconds: 120,
    });
    grantToRole(
      fn.role,
      [
        'rds-data:BeginTransaction',
        'rds-data:ExecuteStatement',
        'rds-data:CommitTransaction',
        'rds-data:RollbackTransaction',
      ],
      [database.clusterArn],
    );
    // The Data API reads the master secret with the caller's permissions.
    grantToRole(fn.role, ['secretsmanager:GetSecretValue'], [secretArn]);
    database.masterSecretKmsKey.grantDecrypt(fn.role, {
      conditions: { StringEquals: { 'kms:EncryptionContext:SecretARN': secretArn } },
    });
    this.node.defaultChild = new LambdaInvocation(this, 'invocation', {
      provider: props.provider,
      functionName: fn.functionName,
      input: JSON.stringify({
        resourceArn: database.clusterArn,
        secretArn,
        database: database.databaseName,
        statements: this.statements,
      }),
      // Its permissions and a writer that accepts connections first.
      dependsOn: [fn.function, ...fn.role.resources, ...database.instances],
    });
  }
}
