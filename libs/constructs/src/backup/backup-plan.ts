import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupPlan as BackupPlanResource } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';
import { ResourceTag } from '../scope/resource-tag';

/** The tag that puts a resource in a Strata backup plan. */
export const BACKUP_TAG: ResourceTag = { key: 'strata:backup', value: 'daily' };

/** One tier of recovery points: when they are made and how long they (and copies) are kept. */
export interface BackupTier {
  /** The rule's name (letters, digits, `-`, `_`, `.`). */
  readonly ruleName: string;
  /** When a recovery point is made (a cron expression in UTC). */
  readonly schedule: string;
  /** Days each recovery point (and its copy) is kept. */
  readonly retentionDays: number;
}

/** Daily at 05:00 UTC. */
export const DAILY_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';
/**
 * The first of every month at 05:00 UTC: at the daily rule's time, when AWS Backup makes one
 * recovery point and keeps it for the longer rule.
 */
export const MONTHLY_BACKUP_SCHEDULE = 'cron(0 5 1 * ? *)';
/** The first of January at 05:00 UTC. */
export const YEARLY_BACKUP_SCHEDULE = 'cron(0 5 1 1 ? *)';

/**
 * Recovery points of a long tier move to cold storage after this many days, where the
 * resource type supports it (AWS Backup ignores the transition for the others, e.g. Aurora
 * and S3). A point must then stay 90 days in cold storage, so only tiers kept at least
 * `COLD_STORAGE_AFTER_DAYS + COLD_STORAGE_MIN_DAYS` get the transition.
 */
export const COLD_STORAGE_AFTER_DAYS = 30;
/** AWS Backup's minimum stay in cold storage. */
export const COLD_STORAGE_MIN_DAYS = 90;

/**
 * The tiers of the seeds' retention (daily, monthly, yearly); a tier of 0 days is left out.
 * @param days Days each tier keeps its recovery points.
 */
export function backupTiers(days: {
  readonly daily: number;
  readonly monthly?: number;
  readonly yearly?: number;
}): BackupTier[] {
  return [
    { ruleName: 'daily', schedule: DAILY_BACKUP_SCHEDULE, retentionDays: days.daily },
    { ruleName: 'monthly', schedule: MONTHLY_BACKUP_SCHEDULE, retentionDays: days.monthly ?? 0 },
    { ruleName: 'yearly', schedule: YEARLY_BACKUP_SCHEDULE, retentionDays: days.yearly ?? 0 },
  ].filter((tier) => tier.retentionDays > 0);
}

/** Properties of {@link BackupPlan}. */
export interface BackupPlanProps {
  /** The plan's name. */
  readonly planName: string;
  /** The vault the backups go to. */
  readonly vaultName: string;
  /**
   * The tiers of recovery points; the first also bounds the hourly continuous backup (at most
   * 35 days). Build them with {@link backupTiers}.
   */
  readonly tiers: readonly BackupTier[];
  /** Vault in another region that receives a copy of every tier's recovery points. @default none */
  readonly copyToVaultArn?: string;
  /** @default the stack's account */
  readonly accountId?: string;
  /** The tag that selects what the plan backs up. @default BACKUP_TAG */
  readonly selectionTag?: ResourceTag;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Continuous backups (point-in-time restore) can be kept at most 35 days. */
const CONTINUOUS_MAX_DAYS = 35;

/** A tier's lifecycle: cold storage only where the tier is long enough for AWS's minimum. */
function lifecycleOf(tier: BackupTier) {
  const cold = tier.retentionDays >= COLD_STORAGE_AFTER_DAYS + COLD_STORAGE_MIN_DAYS;
  return {
    deleteAfter: tier.retentionDays,
    ...(cold
      ? { coldStorageAfter: COLD_STORAGE_AFTER_DAYS, optInToArchiveForSupportedResources: true }
      : {}),
  };
}

/**
 * An AWS Backup plan with one rule per tier (daily, monthly, yearly: long tiers in cold
 * storage where supported), each copied to a vault in another region when one is given, plus
 * an hourly rule with continuous backup for the services that support it (Aurora, S3), over
 * every resource carrying the selection tag (BACKUP_TAG by default) in this account and region.
 */
export class BackupPlan extends Construct {
  /** The plan's ID. */
  readonly planId: string;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const [first] = props.tiers;
    if (!first) throw new Error(`Backup plan ${props.planName} has no tier`);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const provider = props.provider;
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: `${props.planName}-backup`,
      assumeRolePolicy: serviceTrustPolicy('backup.amazonaws.com', accountId),
      // AWS maintains the per-service permission sets AWS Backup needs.
      managedPolicyArns: [
        managedPolicyArn(this, 'service-role/AWSBackupServiceRolePolicyForBackup'),
        managedPolicyArn(this, 'service-role/AWSBackupServiceRolePolicyForRestores'),
        managedPolicyArn(this, 'AWSBackupServiceRolePolicyForS3Backup'),
        managedPolicyArn(this, 'AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    const plan = new BackupPlanResource(this, 'plan', {
      provider,
      name: props.planName,
      rule: [
        ...props.tiers.map((tier) => ({
          ruleName: tier.ruleName,
          targetVaultName: props.vaultName,
          schedule: tier.schedule,
          startWindow: 60,
          completionWindow: 360,
          lifecycle: lifecycleOf(tier),
          copyAction: props.copyToVaultArn
            ? [{ destinationVaultArn: props.copyToVaultArn, lifecycle: lifecycleOf(tier) }]
            : undefined,
        })),
        {
          ruleName: 'hourly-continuous',
          targetVaultName: props.vaultName,
          schedule: 'cron(0 * ? * * *)',
          enableContinuousBackup: true,
          lifecycle: { deleteAfter: Math.min(first.retentionDays, CONTINUOUS_MAX_DAYS) },
        },
      ],
    });
    this.node.defaultChild = plan;
    new BackupSelection(this, 'selection', {
      provider,
      name: `${props.planName}-tagged`,
      planId: plan.id,
      iamRoleArn: role.roleArn,
      resources: ['*'],
      condition: [
        {
          stringEquals: [
            {
              key: `aws:ResourceTag/${(props.selectionTag ?? BACKUP_TAG).key}`,
              value: (props.selectionTag ?? BACKUP_TAG).value,
            },
          ],
        },
      ],
      dependsOn: role.resources,
    });
    this.planId = plan.id;
  }
}
