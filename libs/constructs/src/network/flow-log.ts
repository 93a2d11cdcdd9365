import { Construct } from 'constructs';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, serviceTrustPolicy } from '../iam/policy-document';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** The log group the flow logs go to. */
  readonly logGroupName: string;
  /** The name of the role that writes them. */
  readonly roleName: string;
  /** The KMS key that encrypts the log group. */
  readonly kmsKey: IKmsKey;
  /** @default the stack's account */
  readonly accountId?: string;
  /** @default 30 */
  readonly retentionInDays?: number;
}

/**
 * VPC flow logs of all traffic (accepted and rejected) to an encrypted CloudWatch log
 * group, delivered through a role that can write to that one group only.
 */
export class VpcFlowLog extends Construct {
  /** The log group's name. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const logGroup = new EncryptedLogGroup(this, 'logs', {
      logGroupName: props.logGroupName,
      kmsKey: props.kmsKey,
      retentionInDays: props.retentionInDays ?? 30,
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', accountId),
    });
    new IamRolePolicy(this, 'policy', {
      role: role.id,
      name: 'deliver-flow-logs',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
        },
      ]),
    });
    const mainFlowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.logGroupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
    this.node.defaultChild = mainFlowLog;
    this.logGroupName = logGroup.logGroupName;
  }
}
