import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as KmsKeyResource } from '@cdktf/provider-aws/lib/kms-key';
import { policyDocument, PolicyStatement } from '../iam/policy-document';

export interface KmsKeyProps {
  /** What the key protects; shown in the console and in CloudTrail. */
  readonly description: string;
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  /** Account whose IAM policies may grant use of the key (the key policy delegates to it). */
  readonly accountId: string;
  /**
   * Extra key-policy statements, e.g. letting CloudWatch Logs encrypt one log group.
   * @default none: only principals of the account that IAM allows
   */
  readonly additionalStatements?: readonly PolicyStatement[];
  /** @default 30 (the maximum), so an accidental deletion can be cancelled for a month */
  readonly deletionWindowInDays?: number;
  /** @default 365 */
  readonly rotationPeriodInDays?: number;
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed symmetric KMS key with automatic rotation and an alias. The key
 * policy delegates to the account's IAM (as AWS's default policy does) and adds only
 * the service statements given.
 */
export class KmsKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const key = new KmsKeyResource(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodInDays ?? 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministration',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(props.additionalStatements ?? []),
      ]),
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: this.aliasName,
      targetKeyId: key.keyId,
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}

/** What a principal needs to encrypt and decrypt with a key (not to manage it). */
export const KMS_USE_ACTIONS: readonly string[] = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
];

/** Key-policy statement letting CloudWatch Logs in `region` use the key for this account's log groups. */
export function cloudWatchLogsKeyStatement(region: string, accountId: string): PolicyStatement {
  return {
    Sid: 'CloudWatchLogsEncryption',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: [
      'kms:Encrypt*',
      'kms:Decrypt*',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:Describe*',
    ],
    Resource: '*',
    Condition: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*`,
      },
    },
  };
}
