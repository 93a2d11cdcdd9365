import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IKmsKey, KmsKey } from '../kms/kms-key';
import { logGroupNameRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';
import { PolicyStatement } from '../iam/policy-document';

/** Properties of {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** The log group's name. */
  readonly logGroupName: string;
  /** KMS key ARN; the key policy must allow CloudWatch Logs in this region. */
  readonly kmsKey: IKmsKey;
  /** @default 30 */
  readonly retentionInDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Whether a key-policy statement lets CloudWatch Logs use the key. */
function allowsCloudWatchLogs(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (statement.Effect !== 'Allow' || principal === undefined || principal === '*') return false;
  return [principal.Service ?? []]
    .flat()
    .some((service) => /^logs\..+\.amazonaws\.com/.test(service));
}

/** A log group that subscriptions and grants refer to. */
export interface ILogGroup {
  /** The log group's name. */
  readonly logGroupName: string;
  /** The log group's ARN. */
  readonly logGroupArn: string;
}

/** A CloudWatch log group that is always KMS-encrypted and never kept forever. */
export class EncryptedLogGroup extends Construct implements ILogGroup {
  /** The log group's name. */
  readonly logGroupName: string;
  /** The log group's ARN. */
  readonly logGroupArn: string;
  /** The log group resource, for `dependsOn`. */
  readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const nameRule = logGroupNameRule(props.logGroupName);
    if (nameRule) throw new PropError(this, 'logGroupName', props.logGroupName, nameRule);
    const group = new CloudwatchLogGroup(this, 'group', {
      provider: props.provider,
      name: props.logGroupName,
      retentionInDays: props.retentionInDays ?? 30,
      kmsKeyId: props.kmsKey.keyArn,
    });
    this.node.defaultChild = group;
    this.resource = group;
    // CloudWatch Logs refuses a key its key policy does not let it use; statements may still
    // be added after this, so the key's policy is read at synth. An imported key's is unknown.
    const key = props.kmsKey;
    if (key instanceof KmsKey) {
      this.node.addValidation({
        validate: () =>
          key.policyStatements.some(allowsCloudWatchLogs)
            ? []
            : [
                new PropError(
                  this,
                  'kmsKey',
                  key.aliasName,
                  'its key policy has no statement for CloudWatch Logs (logs.<region>.amazonaws.com), so the log group cannot use it; add cloudWatchLogsKeyStatement to the key',
                ).message,
              ],
      });
    }
    this.logGroupName = group.name;
    this.logGroupArn = group.arn;
  }
}
