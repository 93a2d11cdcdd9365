import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { grantToRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { IKmsKey } from '../kms/kms-key';
import { invokeOnRule } from '../lambda/event-invocation';
import { ServiceFunction } from '../lambda/service-function';
import { SERVERLESS_INSTANCE_CLASS } from '../rds/aurora-postgres';
import { arnOf, awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';
import { BACKUP_TAG } from './backup-plan';
import { ResourceTag } from '../scope/resource-tag';

/** AWS Backup names what a restore test creates with this prefix (and deletes it afterwards). */
export const RESTORE_TEST_PREFIX = 'awsbackup-restore-test-';

/** RDS's event id for a created DB instance (the check instance is ready to read through). */
export const RDS_INSTANCE_CREATED_EVENT = 'RDS-EVENT-0005';

/**
 * The capacity (ACUs) of the Aurora Serverless v2 instance a restored copy's data is read
 * through: the least Aurora bills for the minutes the check takes (the Data API serves no
 * burstable `db.t*` class).
 */
export const RESTORE_CHECK_CAPACITY = {
  /** The fewest ACUs it runs with. */
  min: 0.5,
  /** The most ACUs it may grow to. */
  max: 2,
} as const;

/** Where restored Aurora clusters are placed during a restore test, and what they must hold. */
export interface AuroraRestorePlacement {
  /** Subnet group the restored cluster is placed in (there is no default VPC to fall back to). */
  readonly subnetGroupName: string;
  /** Security groups of the restored cluster. */
  readonly securityGroupIds: readonly string[];
  /** Encrypts the master user's secret the check creates on the restored copy. */
  readonly secretKmsKey: IKmsKey;
  /** Schemas the restored database must have (one per component). @default none */
  readonly expectedSchemas?: readonly string[];
  /** Extensions the restored database must have. @default none */
  readonly expectedExtensions?: readonly string[];
}

/** Properties of {@link RestoreTesting}. */
export interface RestoreTestingProps {
  /** Plan name; hyphens become underscores, which restore testing names require. */
  readonly planName: string;
  /** Vaults whose latest recovery points are restored. */
  readonly vaultArns: readonly string[];
  /** Restores the tagged Aurora clusters into this placement. @default no Aurora test */
  readonly aurora?: AuroraRestorePlacement;
  /** Restores the tagged DynamoDB tables encrypted with this key. @default no DynamoDB test */
  readonly dynamoDbKmsKey?: IKmsKey;
  /** Restores the tagged S3 buckets. @default true */
  readonly s3?: boolean;
  /** Keys the restores read recovery points with and encrypt the restored copies with. */
  readonly kmsKeys: readonly IKmsKey[];
  /** Encrypts the validation function's environment and logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default weekly, Saturday 06:00 UTC */
  readonly scheduleExpression?: string;
  /** Hours a restored copy is kept for validation before AWS Backup deletes it. @default 4 */
  readonly validationWindowHours?: number;
  /** @default BACKUP_TAG */
  readonly selectionTag?: ResourceTag;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Recovery that is proven, not assumed: an AWS Backup restore testing plan restores the
 * latest recovery point of every tagged Aurora cluster, DynamoDB table and S3 bucket on a
 * schedule, and the project's validation function checks each restored copy (usable,
 * encrypted, holding data) and reports the result and the measured restore time to AWS
 * Backup. A restored Aurora cluster is read through a small instance the function adds and
 * removes again (its creation event starts the read). A failed validation fails the function
 * (its Errors metric is alarmed).
 */
export class RestoreTesting extends Construct {
  /** The plan's name. */
  readonly planName: string;
  /** The validation function's name. */
  readonly validationFunctionName: string;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const provider = props.provider;
    const account = awsEnvironmentOf(this).account;
    this.planName = props.planName.replace(/-/g, '_');
    const tag = props.selectionTag ?? BACKUP_TAG;

    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: `${props.planName}-restore-testing`,
      assumeRolePolicy: serviceTrustPolicy('backup.amazonaws.com', account),
      managedPolicyArns: [
        managedPolicyArn(this, 'service-role/AWSBackupServiceRolePolicyForRestores'),
        managedPolicyArn(this, 'AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    for (const key of props.kmsKeys) key.grantEncryptDecrypt(role, { allowGrants: true });

    const plan = new BackupRestoreTestingPlan(this, 'plan', {
      provider,
      name: this.planName,
      scheduleExpression: props.scheduleExpression ?? 'cron(0 6 ? * SAT *)',
      startWindowHours: 4,
      recoveryPointSelection: [
        {
          algorithm: 'LATEST_WITHIN_WINDOW',
          includeVaults: [...props.vaultArns],
          recoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
          selectionWindowDays: 7,
        },
      ],
    });
    this.node.defaultChild = plan;

    const selection = (
      type: string,
      restoreMetadataOverrides?: Record<string, string>,
    ): BackupRestoreTestingSelection =>
      new BackupRestoreTestingSelection(this, `selection-${type.toLowerCase()}`, {
        provider,
        name: `${type.toLowerCase()}_tagged`,
        restoreTestingPlanName: plan.name,
        protectedResourceType: type,
        iamRoleArn: role.roleArn,
        protectedResourceConditions: [
          { stringEquals: [{ key: `aws:ResourceTag/${tag.key}`, value: tag.value }] },
        ],
        restoreMetadataOverrides,
        validationWindowHours: props.validationWindowHours ?? 4,
        dependsOn: role.resources,
      });
    if (props.aurora) {
      selection('Aurora', {
        dbsubnetgroupname: props.aurora.subnetGroupName,
        vpcsecuritygroupids: JSON.stringify(props.aurora.securityGroupIds),
      });
    }
    if (props.dynamoDbKmsKey) {
      // Restores would otherwise use the AWS-owned key.
      selection('DynamoDB', {
        encryptionType: 'KMS',
        kmsMasterKeyArn: props.dynamoDbKmsKey.keyArn,
      });
    }
    if (props.s3 ?? true) selection('S3');

    const fn = new ServiceFunction(this, 'validation', {
      provider,
      functionName: `${props.planName}-restore-validation`,
      description: `Validates the restores of ${this.planName} and reports to AWS Backup`,
      asset: 'restore-validation',
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
      timeoutSeconds: 120,
      environment: props.aurora && {
        CHECK_INSTANCE_CLASS: SERVERLESS_INSTANCE_CLASS,
        CHECK_CAPACITY: `${RESTORE_CHECK_CAPACITY.min}-${RESTORE_CHECK_CAPACITY.max}`,
        SECRET_KMS_KEY_ID: props.aurora.secretKmsKey.keyArn,
        EXPECTED_SCHEMAS: (props.aurora.expectedSchemas ?? []).join(','),
        EXPECTED_EXTENSIONS: (props.aurora.expectedExtensions ?? []).join(','),
      },
    });
    this.validationFunctionName = fn.functionName;
    // Restore jobs have no resource-level permissions.
    grantToRole(fn.role, ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'], ['*']);
    if (props.aurora) this.grantAuroraDataCheck(props.planName, fn, props.aurora, provider);
    grantToRole(
      fn.role,
      ['dynamodb:DescribeTable', 'dynamodb:Scan'],
      [arnOf(this, { service: 'dynamodb', resource: `table/${RESTORE_TEST_PREFIX}*` })],
    );
    grantToRole(
      fn.role,
      ['s3:GetEncryptionConfiguration', 's3:ListBucket'],
      [
        arnOf(this, {
          service: 's3',
          region: '',
          account: '',
          resource: `${RESTORE_TEST_PREFIX}*`,
        }),
      ],
    );
    props.dynamoDbKmsKey?.grantDecrypt(fn.role);

    const rule = new CloudwatchEventRule(this, 'completed', {
      provider,
      name: `${props.planName}-restore-completed`,
      description: `Completed restores, validated by ${props.planName}-restore-validation`,
      eventPattern: JSON.stringify({
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED'] },
      }),
    });
    invokeOnRule(this, fn, rule, {}, provider);
  }

  /**
   * What reading a restored Aurora cluster takes: a managed master secret and the Data API on
   * the copy, an instance to read through (created, tagged, deleted), the read itself; every
   * action limited to restore-test copies. The instance's creation event invokes the function.
   */
  private grantAuroraDataCheck(
    baseName: string,
    fn: ServiceFunction,
    aurora: AuroraRestorePlacement,
    provider: TerraformProvider | undefined,
  ): void {
    const rds = (resource: string) => arnOf(this, { service: 'rds', resource });
    const cluster = rds(`cluster:${RESTORE_TEST_PREFIX}*`);
    const instance = rds(`db:${RESTORE_TEST_PREFIX}*`);
    grantToRole(
      fn.role,
      ['rds:DescribeDBClusters', 'rds:ModifyDBCluster', 'rds:EnableHttpEndpoint'],
      [cluster],
    );
    // Creating an instance in a cluster is authorized on the instance, its cluster, the
    // subnet group it inherits and the default parameter group it gets.
    grantToRole(
      fn.role,
      ['rds:CreateDBInstance'],
      [instance, cluster, rds(`subgrp:${aurora.subnetGroupName}`), rds('pg:default.aurora-*')],
    );
    grantToRole(
      fn.role,
      ['rds:AddTagsToResource', 'rds:DescribeDBInstances', 'rds:DeleteDBInstance'],
      [instance],
    );
    grantToRole(fn.role, ['rds-data:ExecuteStatement'], [cluster]);
    // RDS creates the master secret as the caller; only secrets RDS names (rds!cluster-...).
    grantToRole(
      fn.role,
      [
        'secretsmanager:CreateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:GetSecretValue',
      ],
      [arnOf(this, { service: 'secretsmanager', resource: 'secret:rds!cluster-*' })],
    );
    aurora.secretKmsKey.grantEncryptDecrypt(fn.role);

    const created = new CloudwatchEventRule(this, 'check-instance-created', {
      provider,
      name: `${baseName}-restore-instance-created`,
      description: `Check instances of restored clusters, read by ${fn.functionName}`,
      eventPattern: JSON.stringify({
        source: ['aws.rds'],
        'detail-type': ['RDS DB Instance Event'],
        detail: {
          EventID: [RDS_INSTANCE_CREATED_EVENT],
          SourceIdentifier: [{ prefix: RESTORE_TEST_PREFIX }],
        },
      }),
    });
    invokeOnRule(
      this,
      fn,
      created,
      { permission: 'invoke-on-instance', target: 'instance-target' },
      provider,
    );
  }
}
