import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { grantToRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';
import { ServiceFunction } from '../lambda/service-function';
import { arnOf } from '../scope/aws-environment';

/** What a rotation changes: an Aurora cluster's master password or a Redis AUTH token. */
export enum RotationTarget {
  /** The Aurora cluster's master password. */
  AURORA_CLUSTER = 'aurora-cluster',
  /** The Redis AUTH token. */
  ELASTICACHE_AUTH_TOKEN = 'elasticache-auth-token',
}

/** Properties of {@link CredentialRotation}. */
export interface CredentialRotationProps {
  /** The secret rotated. */
  readonly secretArn: string;
  /** Key of the secret; the rotation function reads and writes the secret through it. */
  readonly secretKmsKey: IKmsKey;
  /** What the rotation changes. */
  readonly target: RotationTarget;
  /** The cluster or replication group id. */
  readonly resourceId: string;
  /**
   * AURORA_CLUSTER: the global database `resourceId` belongs to. The password is then set on
   * whichever member is the writer (only the writer takes it), in its region, so rotation
   * keeps working after a failover. @default none (the cluster stands alone)
   */
  readonly globalDatabase?: {
    /** The global cluster's identifier. */
    readonly globalClusterIdentifier: string;
    /** ARNs of every member cluster, `resourceId`'s included: the ones the writer can be. */
    readonly memberClusterArns: readonly string[];
  };
  /** Function (and role) name. */
  readonly functionName: string;
  /** Key of the function's environment and log group (CloudWatch Logs must be allowed). */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly rotateAfterDays?: number;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Automatic rotation of a generated credential with no manual step: a Lambda function (the
 * project's own, calling the service APIs, not the database) that Secrets Manager invokes on
 * schedule, with permission for exactly this secret and this cluster or replication group.
 */
export class CredentialRotation extends Construct {
  /** The function's ARN. */
  readonly functionArn: string;

  constructor(scope: Construct, id: string, props: CredentialRotationProps) {
    super(scope, id);
    const provider = props.provider;
    const fn = new ServiceFunction(this, 'function', {
      provider,
      functionName: props.functionName,
      description: `Rotates ${props.target} credentials of ${props.resourceId}`,
      asset: 'credential-rotation',
      environment: {
        TARGET: props.target,
        RESOURCE_ID: props.resourceId,
        ...(props.globalDatabase
          ? { GLOBAL_CLUSTER_ID: props.globalDatabase.globalClusterIdentifier }
          : {}),
      },
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
      // Modifying a cluster or replication group takes minutes; the function waits for it.
      timeoutSeconds: 900,
    });
    const role = fn.role;
    grantToRole(
      role,
      [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      [props.secretArn],
    );
    grantToRole(role, ['secretsmanager:GetRandomPassword'], ['*']);
    props.secretKmsKey.grantEncryptDecrypt(role);
    const resourceArn =
      props.target === RotationTarget.AURORA_CLUSTER
        ? arnOf(this, { service: 'rds', resource: `cluster:${props.resourceId}` })
        : arnOf(this, { service: 'elasticache', resource: `replicationgroup:${props.resourceId}` });
    grantToRole(
      role,
      props.target === RotationTarget.AURORA_CLUSTER
        ? ['rds:ModifyDBCluster', 'rds:DescribeDBClusters']
        : ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
      props.globalDatabase ? [...props.globalDatabase.memberClusterArns] : [resourceArn],
    );
    if (props.globalDatabase) {
      grantToRole(
        role,
        ['rds:DescribeGlobalClusters'],
        [
          arnOf(this, {
            service: 'rds',
            region: '',
            resource: `global-cluster:${props.globalDatabase.globalClusterIdentifier}`,
          }),
        ],
      );
    }
    this.node.defaultChild = fn.function;
    this.functionArn = fn.functionArn;
    const permission = new LambdaPermission(this, 'invoke', {
      provider,
      functionName: fn.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: props.secretArn,
    });
    new SecretsmanagerSecretRotation(this, 'rotation', {
      provider,
      secretId: props.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { automaticallyAfterDays: props.rotateAfterDays ?? 30 },
      dependsOn: [permission],
    });
  }
}
