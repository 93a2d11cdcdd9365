import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IKmsKey } from '../kms/kms-key';

/** Managed rules for the controls the platform promises, by AWS rule identifier. */
export const REGIONAL_CONFIG_RULES: readonly string[] = [
  // Encryption at rest and in transit.
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'S3_BUCKET_SSL_REQUESTS_ONLY',
  'ENCRYPTED_VOLUMES',
  'RDS_STORAGE_ENCRYPTED',
  'DYNAMODB_TABLE_ENCRYPTED_KMS',
  'CLOUDWATCH_LOG_GROUP_ENCRYPTED',
  'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
  // No public data.
  'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  // Instances and logging.
  'EC2_IMDSV2_CHECK',
  'CLOUD_TRAIL_ENABLED',
  'GUARDDUTY_ENABLED_CENTRALIZED',
];

/** Account-wide (IAM) rules, evaluated once, in the region that records global resources. */
export const GLOBAL_CONFIG_RULES: readonly string[] = [
  'ROOT_ACCOUNT_MFA_ENABLED',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
  'IAM_USER_MFA_ENABLED',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
];

/** Properties of {@link ConfigRecorder}. */
export interface ConfigRecorderProps {
  /** The recorder's name. */
  readonly recorderName: string;
  /** AWS Config's service-linked role (AWSServiceRoleForConfig). */
  readonly roleArn: string;
  /** Audit bucket whose policy admits AWS Config under `config/`. */
  readonly bucketName: string;
  /** Key that encrypts the delivered snapshots and history. */
  readonly kmsKey: IKmsKey;
  /** Record IAM and other global resources and evaluate the global rules (one region only). */
  readonly recordGlobalResources: boolean;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * AWS Config in one region: records every supported resource, delivers daily snapshots to
 * the audit bucket, and evaluates the managed rules above.
 */
export class ConfigRecorder extends Construct {
  /** The names of the managed rules it created. */
  readonly ruleNames: string[];

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const provider = props.provider;
    const recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      provider,
      name: props.recorderName,
      roleArn: props.roleArn,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: props.recordGlobalResources,
      },
    });
    this.node.defaultChild = recorder;
    const channel = new ConfigDeliveryChannel(this, 'delivery', {
      provider,
      name: props.recorderName,
      s3BucketName: props.bucketName,
      s3KeyPrefix: 'config',
      s3KmsKeyArn: props.kmsKey.keyArn,
      snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      dependsOn: [recorder],
    });
    const status = new ConfigConfigurationRecorderStatus(this, 'status', {
      provider,
      name: recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
    const rules = [
      ...REGIONAL_CONFIG_RULES,
      ...(props.recordGlobalResources ? GLOBAL_CONFIG_RULES : []),
    ];
    this.ruleNames = rules.map((identifier) => {
      const rule = new ConfigConfigRule(this, identifier.toLowerCase(), {
        provider,
        name: identifier.toLowerCase().replace(/_/g, '-'),
        source: { owner: 'AWS', sourceIdentifier: identifier },
        maximumExecutionFrequency: identifier.endsWith('_PERIODIC')
          ? 'TwentyFour_Hours'
          : undefined,
        dependsOn: [status],
      });
      return rule.name;
    });
  }
}
