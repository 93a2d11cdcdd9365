import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IKmsKey } from '../kms/kms-key';

export interface EncryptedLogGroupProps {
  readonly logGroupName: string;
  /** KMS key ARN; the key policy must allow CloudWatch Logs in this region. */
  readonly kmsKey: IKmsKey;
  /** @default 30 */
  readonly retentionInDays?: number;
  readonly provider?: TerraformProvider;
}

/** A log group that subscriptions and grants refer to. */
export interface ILogGroup {
  readonly logGroupName: string;
  readonly logGroupArn: string;
}

/** A CloudWatch log group that is always KMS-encrypted and never kept forever. */
export class EncryptedLogGroup extends Construct implements ILogGroup {
  readonly logGroupName: string;
  readonly logGroupArn: string;
  /** The log group resource, for `dependsOn`. */
  readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, 'group', {
      provider: props.provider,
      name: props.logGroupName,
      retentionInDays: props.retentionInDays ?? 30,
      kmsKeyId: props.kmsKey.keyArn,
    });
    this.node.defaultChild = group;
    this.resource = group;
    this.logGroupName = group.name;
    this.logGroupArn = group.arn;
  }
}
