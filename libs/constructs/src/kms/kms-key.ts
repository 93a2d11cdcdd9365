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
  /**
   * Service endpoints (`rds.us-east-1.amazonaws.com`) through which the account's principals
   * may use the key. When set, principals may administer the key directly but encrypt and
   * decrypt only through these services, so a leaked data-reader role cannot decrypt a
   * snapshot copied elsewhere.
   * @default no restriction beyond the account's IAM policies
   */
  readonly usableOnlyVia?: readonly string[];
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
        ...accountStatements(props.accountId, props.usableOnlyVia),
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

/** What key administrators need; deliberately without Encrypt, Decrypt and GenerateDataKey. */
export const KMS_ADMIN_ACTIONS: readonly string[] = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

function accountStatements(
  accountId: string,
  usableOnlyVia: readonly string[] | undefined,
): PolicyStatement[] {
  const account = { AWS: `arn:aws:iam::${accountId}:root` };
  if (!usableOnlyVia) {
    return [
      {
        Sid: 'AccountAdministration',
        Effect: 'Allow',
        Principal: account,
        Action: 'kms:*',
        Resource: '*',
      },
    ];
  }
  return [
    {
      Sid: 'AccountAdministration',
      Effect: 'Allow',
      Principal: account,
      Action: KMS_ADMIN_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'UseOnlyThroughServices',
      Effect: 'Allow',
      Principal: account,
      Action: [...KMS_USE_ACTIONS, 'kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': usableOnlyVia },
      },
    },
  ];
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
