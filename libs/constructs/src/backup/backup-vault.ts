import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupVault as BackupVaultResource } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { IKmsKey } from '../kms/kms-key';

/** Vault Lock: retention bounds no one can shorten, not even the account's root. */
export interface VaultLock {
  /** Recovery points must be kept at least this long. */
  readonly minRetentionDays: number;
  /** And at most this long. */
  readonly maxRetentionDays: number;
  /**
   * Days the lock can still be removed after it is applied; after that it is compliance
   * mode and nobody, root included, can shorten retention or delete the vault.
   * @default 3
   */
  readonly changeableForDays?: number;
}

/** Properties of {@link BackupVault}. */
export interface BackupVaultProps {
  /** The vault's name. */
  readonly vaultName: string;
  /** The KMS key that encrypts its recovery points. */
  readonly kmsKey: IKmsKey;
  /** @default no lock */
  readonly lock?: VaultLock;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** An AWS Backup vault encrypted with a customer-managed key, optionally under vault lock. */
export class BackupVault extends Construct {
  /** The vault's name. */
  readonly vaultName: string;
  /** The vault's ARN. */
  readonly vaultArn: string;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const vault = new BackupVaultResource(this, 'vault', {
      provider: props.provider,
      name: props.vaultName,
      kmsKeyArn: props.kmsKey.keyArn,
      forceDestroy: false,
    });
    this.node.defaultChild = vault;
    if (props.lock) {
      new BackupVaultLockConfiguration(this, 'lock', {
        provider: props.provider,
        backupVaultName: vault.name,
        minRetentionDays: props.lock.minRetentionDays,
        maxRetentionDays: props.lock.maxRetentionDays,
        changeableForDays: props.lock.changeableForDays ?? 3,
      });
    }
    this.vaultName = vault.name;
    this.vaultArn = vault.arn;
  }
}
