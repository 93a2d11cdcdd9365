import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DataAwsSyntheticsRuntimeVersion } from '@cdktf/provider-aws/lib/data-aws-synthetics-runtime-version';
import { SyntheticsCanary } from '@cdktf/provider-aws/lib/synthetics-canary';
import { CANARY_NAME_LIMIT } from '../vocabulary/name-limits';
import { stagedDirectory } from '../assets/staged-directory';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { IKmsKey } from '../kms/kms-key';
import { ArchiveAsset } from '../assets/archive-asset';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link HealthCanary}. */
export interface HealthCanaryProps {
  /** The canary's name. */
  readonly canaryName: string;
  /** The URLs the canary requests; each must answer 2xx. */
  readonly urls: readonly string[];
  /** The canary script (CommonJS, exporting `handler`). */
  readonly scriptFile: string;
  /** Minutes between runs. */
  readonly intervalMinutes: number;
  /** Bucket and KMS key for screenshots, logs and HAR files. */
  readonly artifactBucketName: string;
  /** The KMS key that encrypts its artifacts. */
  readonly artifactKmsKey: IKmsKey;
  /** @default the stack's account */
  readonly accountId?: string;
  /** @default the stack's region */
  readonly region?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A CloudWatch Synthetics canary that checks HTTPS health endpoints from outside the VPC,
 * traced with X-Ray, with encrypted artifacts. Its runtime is the latest Node.js runtime
 * AWS offers at plan time, so it never runs on a deprecated one.
 */
export class HealthCanary extends Construct {
  /** The canary's name. */
  readonly canaryName: string;

  constructor(scope: Construct, id: string, props: HealthCanaryProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const region = props.region ?? environment.region;
    if (!/^[0-9a-z_-]+$/.test(props.canaryName) || props.canaryName.length > CANARY_NAME_LIMIT) {
      throw new Error(
        `Canary name "${props.canaryName}" must be at most ${CANARY_NAME_LIMIT} lowercase letters, digits, - or _`,
      );
    }
    const provider = props.provider;
    const artifactPrefix = `canary/${props.canaryName}`;
    const runtime = new DataAwsSyntheticsRuntimeVersion(this, 'runtime', {
      provider,
      prefix: 'syn-nodejs-puppeteer',
      latest: true,
    });
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: `${props.canaryName}-canary`,
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', accountId),
      statements: [
        {
          Sid: 'WriteArtifacts',
          Effect: 'Allow',
          Action: ['s3:PutObject'],
          Resource: `arn:${environment.partition}:s3:::${props.artifactBucketName}/${artifactPrefix}/*`,
        },
        {
          Sid: 'LocateArtifactBucket',
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListAllMyBuckets'],
          Resource: '*',
        },
        {
          Sid: 'EncryptArtifacts',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: props.artifactKmsKey.keyArn,
        },
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `arn:${environment.partition}:logs:${region}:${accountId}:log-group:/aws/lambda/cwsyn-${props.canaryName}-*`,
        },
        {
          Sid: 'PublishSyntheticsMetrics',
          Effect: 'Allow',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        },
        {
          Sid: 'Trace',
          Effect: 'Allow',
          Action: ['xray:PutTraceSegments'],
          Resource: '*',
        },
      ],
    });
    const script = new ArchiveAsset(this, 'script', {
      path: stageScript(props.scriptFile),
    });
    const canary = new SyntheticsCanary(this, 'canary', {
      provider,
      name: props.canaryName,
      runtimeVersion: runtime.versionName,
      handler: `${basename(props.scriptFile, '.js')}.handler`,
      zipFile: script.path,
      executionRoleArn: role.roleArn,
      artifactS3Location: `s3://${props.artifactBucketName}/${artifactPrefix}`,
      artifactConfig: {
        s3Encryption: { encryptionMode: 'SSE_KMS', kmsKeyArn: props.artifactKmsKey.keyArn },
      },
      schedule: {
        expression: `rate(${props.intervalMinutes} minute${props.intervalMinutes === 1 ? '' : 's'})`,
      },
      runConfig: {
        timeoutInSeconds: 30,
        activeTracing: true,
        environmentVariables: { HEALTH_URLS: props.urls.join(',') },
      },
      successRetentionPeriod: 7,
      failureRetentionPeriod: 31,
      startCanary: true,
      deleteLambda: true,
      dependsOn: role.resources,
    });
    this.node.defaultChild = canary;
    this.canaryName = canary.name;
  }
}

/**
 * The Synthetics Node.js runtime loads the handler from `nodejs/node_modules/` inside the
 * zip: stage the script in that layout so the repository keeps it as a plain file.
 */
function stageScript(scriptFile: string): string {
  return stagedDirectory(`canary:${scriptFile}`, (directory) => {
    const modules = join(directory, 'nodejs', 'node_modules');
    mkdirSync(modules, { recursive: true });
    copyFileSync(scriptFile, join(modules, basename(scriptFile)));
  });
}
