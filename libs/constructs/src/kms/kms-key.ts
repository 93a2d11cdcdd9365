import { Construct } from 'constructs';
import { Lazy, TerraformProvider, Token } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as KmsKeyResource } from '@cdktf/provider-aws/lib/kms-key';
import {
  ArnPrincipal,
  grant,
  Grantee,
  IResourceWithPolicy,
  PolicyConditions,
  ServicePrincipal,
} from '../iam/grant';
import { policyDocument, PolicyStatement } from '../iam/policy-document';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { partitionOfRegion } from '../vocabulary/partitions';
import { kmsAliasRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';
import { readable } from '../validation/readable';

/** A KMS key that constructs encrypt with and grants give use of: defined here or imported. */
export interface IKmsKey {
  /** The key's ARN. */
  readonly keyArn: string;
  /** Lets the grantee encrypt and decrypt (data keys included) with the key. */
  grantEncryptDecrypt(grantee: Grantee, options?: KeyGrantOptions): void;
  /** Lets the grantee decrypt with the key. */
  grantDecrypt(grantee: Grantee, options?: KeyGrantOptions): void;
  /** Lets the grantee encrypt (and make data keys) with the key. */
  grantEncrypt(grantee: Grantee, options?: KeyGrantOptions): void;
}

/** What a key grant covers. */
export interface KeyGrantOptions {
  /** Statement id. @default none */
  readonly sid?: string;
  /**
   * Also `kms:CreateGrant`, for a service that attaches the key to what it launches (Auto
   * Scaling's encrypted EBS volumes). @default false
   */
  readonly allowGrants?: boolean;
  /** Extra conditions, e.g. an encryption context. @default none */
  readonly conditions?: PolicyConditions;
}

/** Properties of {@link KmsKey}. */
export interface KmsKeyProps {
  /** What the key protects; shown in the console and in CloudTrail. */
  readonly description: string;
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  /**
   * Account whose IAM policies may grant use of the key (the key policy delegates to it).
   * @default the stack's account
   */
  readonly accountId?: string;
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
  /**
   * An asymmetric signing key of this spec (e.g. `ECC_NIST_P256` for DNSSEC) instead of a
   * symmetric encryption key. Such keys do not rotate: KMS rotates only symmetric keys, so a
   * signing key is rotated by replacing it (for DNSSEC, a new key-signing key).
   * @default a symmetric, rotating encryption key
   */
  readonly signingKeySpec?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

const DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
const ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] as const;

/** Grants on a key: to roles through their policy, to services through the key policy. */
abstract class KeyBase extends Construct implements IKmsKey, IResourceWithPolicy {
  abstract readonly keyArn: string;
  /**
   * Adds a statement to the resource's own policy. Returns false where the resource has none
   * it can change (an imported one), so the grant goes on the role instead.
   */
  abstract addToResourcePolicy(statement: PolicyStatement): boolean;

  grantEncryptDecrypt(grantee: Grantee, options: KeyGrantOptions = {}): void {
    this.grantActions(grantee, [...KMS_USE_ACTIONS], options);
  }

  grantDecrypt(grantee: Grantee, options: KeyGrantOptions = {}): void {
    this.grantActions(grantee, [...DECRYPT_ACTIONS], options);
  }

  grantEncrypt(grantee: Grantee, options: KeyGrantOptions = {}): void {
    this.grantActions(grantee, [...ENCRYPT_ACTIONS], options);
  }

  private grantActions(grantee: Grantee, actions: string[], options: KeyGrantOptions): void {
    const { allowGrants, ...rest } = options;
    grant({
      grantee,
      actions: allowGrants ? [...actions, 'kms:CreateGrant'] : actions,
      // In a key policy the key is "*"; in a role's policy, this key's ARN.
      resourceArns:
        grantee instanceof ServicePrincipal || grantee instanceof ArnPrincipal
          ? ['*']
          : [this.keyArn],
      resource: this,
      ...rest,
    });
  }
}

/** A key defined elsewhere (another stack's contract): grants to roles only. */
class ImportedKey extends KeyBase {
  constructor(
    scope: Construct,
    id: string,
    /** The key's ARN. */
    readonly keyArn: string,
  ) {
    super(scope, id);
  }

  addToResourcePolicy(): boolean {
    return false;
  }
}

/**
 * A customer-managed symmetric KMS key with automatic rotation and an alias. The key
 * policy delegates to the account's IAM (as AWS's default policy does) and adds only
 * the service statements given or granted.
 */
export class KmsKey extends KeyBase {
  /** The key's ARN. */
  readonly keyArn: string;
  /** The key's ID. */
  readonly keyId: string;
  /** The alias's name. */
  readonly aliasName: string;
  /** The key resource (escape hatch). */
  readonly key: KmsKeyResource;
  private readonly statements: PolicyStatement[];

  /** A reference to a key by ARN, e.g. from a layer contract. */
  static fromKeyArn(scope: Construct, id: string, keyArn: string): IKmsKey {
    return new ImportedKey(scope, id, keyArn);
  }

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    this.statements = [
      ...accountStatements(
        props.accountId ?? environment.account,
        environment.partition,
        props.usableOnlyVia,
      ),
      ...(props.additionalStatements ?? []),
    ];
    const signing = props.signingKeySpec !== undefined;
    this.key = new KmsKeyResource(this, 'key', {
      provider: props.provider,
      description: props.description,
      // Explicit exception for signing keys: KMS cannot rotate asymmetric keys (see signingKeySpec).
      enableKeyRotation: !signing,
      rotationPeriodInDays: signing ? undefined : (props.rotationPeriodInDays ?? 365),
      customerMasterKeySpec: props.signingKeySpec,
      keyUsage: signing ? 'SIGN_VERIFY' : undefined,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.node.defaultChild = this.key;
    const aliasRule = kmsAliasRule(props.alias);
    if (aliasRule) throw new PropError(this, 'alias', props.alias, aliasRule);
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: this.aliasName,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  addToResourcePolicy(statement: PolicyStatement): boolean {
    this.statements.push(statement);
    return true;
  }

  /** The key policy's statements so far: its own, those given, those granted. */
  get policyStatements(): readonly PolicyStatement[] {
    return [...this.statements];
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
  partition: string,
  usableOnlyVia: readonly string[] | undefined,
): PolicyStatement[] {
  const account = { AWS: `arn:${partition}:iam::${accountId}:root` };
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

/**
 * Key-policy statement letting CloudWatch Logs in `region` use the key for this account's log
 * groups.
 * @param partition the region's partition. @default the partition of `region`, which must then
 * be a literal: a region Terraform resolves names no partition at synth
 */
export function cloudWatchLogsKeyStatement(
  region: string,
  accountId: string,
  partition?: string,
): PolicyStatement {
  if (partition === undefined && Token.isUnresolved(region))
    throw new Error(
      `cloudWatchLogsKeyStatement: region "${readable(region)}" is resolved by Terraform, so its partition is unknown at synth; pass the partition (awsEnvironmentOf(scope).partition)`,
    );
  partition ??= partitionOfRegion(region);
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
        'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
      },
    },
  };
}
