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

/** Properties of {@link BackupPlan}. */
export interface BackupPlanProps {
  /** The plan's name. */
  readonly planName: string;
  /** The vault the backups go to. */
  readonly vaultName: string;
  /** Days each daily recovery point is kept (also for its copy). */
  readonly retentionDays: number;
  /** Vault in another region that receives a copy of every daily recovery point. @default none */
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

/**
 * A daily AWS Backup plan with optional cross-region copy, plus an hourly rule with
 * continuous backup for the services that support it (Aurora, S3), over every resource
 * carrying the selection tag (BACKUP_TAG by default) in this account and region.
 */
export class BackupPlan extends Construct {
  /** The plan's ID. */
  readonly planId: string;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
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
        {
          ruleName: 'daily',
          targetVaultName: props.vaultName,
          schedule: 'cron(0 5 ? * * *)',
          startWindow: 60,
          completionWindow: 360,
          lifecycle: { deleteAfter: props.retentionDays },
          copyAction: props.copyToVaultArn
            ? [
                {
                  destinationVaultArn: props.copyToVaultArn,
                  lifecycle: { deleteAfter: props.retentionDays },
                },
              ]
            : undefined,
        },
        {
          ruleName: 'hourly-continuous',
          targetVaultName: props.vaultName,
          schedule: 'cron(0 * ? * * *)',
          enableContinuousBackup: true,
          lifecycle: { deleteAfter: Math.min(props.retentionDays, CONTINUOUS_MAX_DAYS) },
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
