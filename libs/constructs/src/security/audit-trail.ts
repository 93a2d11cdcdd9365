import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { PolicyStatement, serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { DEFAULT_LOG_GROUP_PREFIX } from '../scope/names';

/** Namespace of the metrics Strata derives from CloudTrail events. */
export const AUDIT_METRIC_NAMESPACE = 'Strata/Audit';

/** A CloudTrail event worth a metric, and the alarm it deserves. */
export interface AuditMetric {
  /** CloudWatch Logs filter pattern over the trail's events. */
  readonly pattern: string;
  /** What the alarm says happened. */
  readonly description: string;
  /** Events in five minutes that raise the alarm. */
  readonly threshold: number;
  /** critical pages; warning opens a ticket. */
  readonly severity: 'critical' | 'warning';
}

/**
 * CloudTrail events worth a metric and an alarm: the CIS benchmark's monitoring set,
 * abridged. Every filter has an alarm (the observability layer creates one per entry).
 */
export const AUDIT_METRIC_FILTERS: Readonly<Record<string, AuditMetric>> = {
  RootAccountUsage: {
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    description: 'The root user acted in the account.',
    threshold: 1,
    severity: 'critical',
  },
  ConsoleLoginWithoutMfa: {
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    description: 'An IAM user signed in to the console without MFA.',
    threshold: 1,
    severity: 'critical',
  },
  UnauthorizedApiCalls: {
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    // A few denials are normal (a console page probing permissions); a burst is a probe.
    description: 'At least 10 API calls were denied in five minutes.',
    threshold: 10,
    severity: 'warning',
  },
  KmsKeyDisabledOrDeleted: {
    pattern:
      '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    description: 'A KMS key was disabled or scheduled for deletion.',
    threshold: 1,
    severity: 'critical',
  },
};

/** Properties of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** The trail's name. */
  readonly trailName: string;
  /** Audit bucket whose policy admits CloudTrail under `cloudtrail/`. */
  readonly bucketName: string;
  /** Key whose policy lets CloudTrail encrypt (see cloudTrailKeyStatement). */
  readonly kmsKey: IKmsKey;
  /** Key for the CloudWatch log copy (CloudWatch Logs allowed). */
  readonly logKmsKey: IKmsKey;
  /** Days its CloudWatch Logs copy is kept. */
  readonly logRetentionDays: number;
  /** @default the stack's account */
  readonly accountId?: string;
  /** @default the stack's region */
  readonly region?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /** Prefix of the trail's log group, `<prefix>/cloudtrail/<trail>`. @default DEFAULT_LOG_GROUP_PREFIX */
  readonly logGroupPrefix?: string;
}

/**
 * A multi-region CloudTrail trail (global service events included, digest files for log
 * file validation, KMS-encrypted) into the audit bucket, with a CloudWatch Logs copy and
 * metric filters for the events that must never go unnoticed.
 */
export class AuditTrail extends Construct {
  /** The trail's ARN. */
  readonly trailArn: string;
  /** The log group's name. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const provider = props.provider;
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider,
      logGroupName: `${props.logGroupPrefix ?? DEFAULT_LOG_GROUP_PREFIX}/cloudtrail/${props.trailName}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    const role = new ServiceRole(this, 'logs-role', {
      provider,
      roleName: `${props.trailName}-trail-logs`,
      assumeRolePolicy: serviceTrustPolicy('cloudtrail.amazonaws.com', accountId),
      statements: [
        {
          Sid: 'DeliverToOwnLogGroup',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logs.logGroupArn}:log-stream:*`,
        },
      ],
    });
    const trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      s3KeyPrefix: 'cloudtrail',
      kmsKeyId: props.kmsKey.keyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${logs.logGroupArn}:*`,
      cloudWatchLogsRoleArn: role.roleArn,
      insightSelector: [
        { insightType: 'ApiCallRateInsight' },
        { insightType: 'ApiErrorRateInsight' },
      ],
      dependsOn: role.resources,
    });
    this.node.defaultChild = trail;
    for (const [metricName, { pattern }] of Object.entries(AUDIT_METRIC_FILTERS)) {
      new CloudwatchLogMetricFilter(this, `filter-${metricName}`, {
        provider,
        name: metricName,
        logGroupName: logs.logGroupName,
        pattern,
        metricTransformation: {
          name: metricName,
          namespace: AUDIT_METRIC_NAMESPACE,
          value: '1',
          defaultValue: '0',
        },
      });
    }
    this.trailArn = trail.arn;
    this.logGroupName = logs.logGroupName;
  }
}

/** Key-policy statement letting CloudTrail encrypt this account's trail logs. */
export function cloudTrailKeyStatement(accountId: string, partition = 'aws'): PolicyStatement {
  return {
    Sid: 'CloudTrailEncryptLogs',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      StringLike: {
        'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${accountId}:trail/*`,
      },
    },
  };
}
