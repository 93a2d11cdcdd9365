import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { grantToRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { IKmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { ArchiveAsset } from '../assets/archive-asset';
import { awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';

/**
 * The Lambda runtime of every function: the Node line the project itself runs (.node-version),
 * the newest Lambda offers (supported upstream until April 2028).
 */
export const LAMBDA_NODE_RUNTIME = 'nodejs24.x';
/**
 * Code the constructs deploy: `assets/<name>` beside the package once installed, else the
 * library source's `libs/constructs/assets/<name>` in the workspace root (the directory with
 * `nx.json`). Never the packed copy in `dist/libs/constructs`: the package target deletes and
 * rewrites it, and a synth running beside that read a half-written asset (an official CI run).
 * @param from where the search starts, upwards @default this module's directory
 */
export function functionAssetDirectory(name: string, entry = 'index.js', from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidates = [join(dir, 'assets', name)];
    if (existsSync(join(dir, 'nx.json')))
      candidates.push(join(dir, 'libs', 'constructs', 'assets', name));
    for (const candidate of candidates) {
      if (existsSync(join(candidate, entry))) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`function asset "${name}" not found above ${from}`);
  }
}

/** Properties of {@link ServiceFunction}. */
export interface ServiceFunctionProps {
  /** Function, role and log group name. */
  readonly functionName: string;
  /** What the function does. */
  readonly description: string;
  /** Directory under assets/ with the function's index.js (Node.js runtime, bundled AWS SDK v3). */
  readonly asset: string;
  /** Environment variables. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Encrypts the environment and the log group (CloudWatch Logs and Lambda must be allowed). */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /**
   * Subnets and security groups for a function that must reach something inside the VPC
   * (an OpenSearch domain); its role then may manage its network interfaces.
   * @default outside the VPC (AWS APIs only)
   */
  readonly vpc?: {
    /** The subnets the function runs in. */
    readonly subnetIds: string[];
    /** Its security groups. */
    readonly securityGroupIds: string[];
  };
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A small operations function the platform runs (rotation, restore validation): its own
 * role (grant to it), an encrypted log group with a retention, an encrypted environment,
 * X-Ray tracing and one concurrent execution. Outside the VPC unless it must reach into it.
 */
export class ServiceFunction extends Construct {
  /** The function's execution role. */
  readonly role: ServiceRole;
  /** The function (escape hatch). */
  readonly function: LambdaFunction;
  /** The function's ARN. */
  readonly functionArn: string;
  /** The function's name. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const provider = props.provider;
    this.role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.functionName,
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', awsEnvironmentOf(this).account),
      // The network interfaces of a VPC function: AWS maintains exactly that permission set.
      managedPolicyArns: props.vpc
        ? [managedPolicyArn(this, 'service-role/AWSLambdaVPCAccessExecutionRole')]
        : undefined,
    });
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider,
      logGroupName: `/aws/lambda/${props.functionName}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    grantToRole(
      this.role,
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [`${logs.logGroupArn}:*`],
    );
    grantToRole(this.role, ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']);
    const code = new ArchiveAsset(this, 'code', {
      path: functionAssetDirectory(props.asset),
    });
    this.function = new LambdaFunction(this, 'function', {
      provider,
      functionName: props.functionName,
      description: props.description,
      role: this.role.roleArn,
      runtime: LAMBDA_NODE_RUNTIME,
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      timeout: props.timeoutSeconds ?? 60,
      memorySize: 256,
      // Operations functions run one at a time; more would only race each other.
      reservedConcurrentExecutions: 1,
      // The key encrypts the environment; without one there is nothing for it to encrypt.
      kmsKeyArn: props.environment ? props.logKmsKey.keyArn : undefined,
      environment: props.environment ? { variables: { ...props.environment } } : undefined,
      tracingConfig: { mode: 'Active' },
      vpcConfig: props.vpc
        ? { subnetIds: props.vpc.subnetIds, securityGroupIds: props.vpc.securityGroupIds }
        : undefined,
      loggingConfig: { logFormat: 'JSON', logGroup: logs.logGroupName },
      // Its permissions exist before the first invocation.
      dependsOn: [...this.role.resources, logs.resource],
    });
    this.node.defaultChild = this.function;
    this.functionArn = this.function.arn;
    this.functionName = this.function.functionName;
  }
}
