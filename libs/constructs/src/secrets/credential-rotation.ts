import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformProvider } from 'cdktf';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { grantToRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { IKmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** What a rotation changes: an Aurora cluster's master password or a Redis AUTH token. */
export enum RotationTarget {
  AURORA_CLUSTER = 'aurora-cluster',
  ELASTICACHE_AUTH_TOKEN = 'elasticache-auth-token',
}

export interface CredentialRotationProps {
  readonly secretArn: string;
  /** Key of the secret; the rotation function reads and writes the secret through it. */
  readonly secretKmsKey: IKmsKey;
  readonly target: RotationTarget;
  /** The cluster or replication group id. */
  readonly resourceId: string;
  /** Function (and role) name. */
  readonly functionName: string;
  /** Key of the function's environment and log group (CloudWatch Logs must be allowed). */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly rotateAfterDays?: number;
  /** @default 30 */
  readonly logRetentionDays?: number;
  readonly provider?: TerraformProvider;
}

/** The rotation function's code: assets/credential-rotation beside the package (or the library). */
function handlerDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'assets', 'credential-rotation'),
      join(dir, 'libs', 'constructs', 'assets', 'credential-rotation'),
    ]) {
      if (existsSync(join(candidate, 'index.js'))) return candidate;
    }
    if (dirname(dir) === dir)
      throw new Error(`credential-rotation handler not found above ${__dirname}`);
  }
}

/**
 * Automatic rotation of a generated credential with no manual step: a Lambda function (the
 * project's own, calling the service APIs, not the database) that Secrets Manager invokes on
 * schedule, with permission for exactly this secret and this cluster or replication group.
 */
export class CredentialRotation extends Construct {
  readonly functionArn: string;

  constructor(scope: Construct, id: string, props: CredentialRotationProps) {
    super(scope, id);
    const provider = props.provider;
    const { account } = awsEnvironmentOf(this);
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.functionName,
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', account),
    });
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
      [resourceArn],
    );
    grantToRole(role, ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']);
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider,
      logGroupName: `/aws/lambda/${props.functionName}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    grantToRole(role, ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${logs.logGroupArn}:*`]);
    const code = new TerraformAsset(this, 'code', {
      path: handlerDirectory(),
      type: AssetType.ARCHIVE,
    });
    const fn = new LambdaFunction(this, 'function', {
      provider,
      functionName: props.functionName,
      description: `Rotates ${props.target} credentials of ${props.resourceId}`,
      role: role.roleArn,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      // Modifying a cluster or replication group takes minutes; the function waits for it.
      timeout: 900,
      memorySize: 256,
      // One rotation at a time per secret is all there ever is.
      reservedConcurrentExecutions: 1,
      kmsKeyArn: props.logKmsKey.keyArn,
      environment: {
        variables: { TARGET: props.target, RESOURCE_ID: props.resourceId },
      },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.logGroupName },
      dependsOn: [...role.resources, logs.resource],
    });
    this.node.defaultChild = fn;
    this.functionArn = fn.arn;
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
      rotationLambdaArn: fn.arn,
      rotationRules: { automaticallyAfterDays: props.rotateAfterDays ?? 30 },
      dependsOn: [permission],
    });
  }
}
