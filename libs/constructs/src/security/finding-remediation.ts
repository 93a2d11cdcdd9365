import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { grantToRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';
import { invokeOnRule } from '../lambda/event-invocation';
import { ServiceFunction } from '../lambda/service-function';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/**
 * The Security Hub controls whose failed findings are fixed automatically: account and bucket
 * Block Public Access, EBS encryption by default, and security groups open to the internet on
 * the remote administration ports. Each fix only closes access or turns encryption on.
 */
export const REMEDIATED_CONTROLS: readonly string[] = [
  'S3.1',
  'S3.8',
  'EC2.7',
  'EC2.13',
  'EC2.14',
  'EC2.53',
];

/** Properties of {@link FindingRemediation}. */
export interface FindingRemediationProps {
  /** Name of the function, its role and its event rule. */
  readonly name: string;
  /** Encrypts the function's logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Automated remediation: EventBridge sends this region's new, failed Security Hub findings of
 * REMEDIATED_CONTROLS to a function that fixes the resource and marks the finding RESOLVED
 * with a note of what it did. Its role may do exactly those fixes. A finding it cannot fix
 * fails the function, whose Errors metric is alarmed, and stays NEW for a person.
 */
export class FindingRemediation extends Construct {
  /** The function's name. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: FindingRemediationProps) {
    super(scope, id);
    const provider = props.provider;
    const { region, account } = awsEnvironmentOf(this);
    const fn = new ServiceFunction(this, 'function', {
      provider,
      functionName: props.name,
      description: `Fixes failed Security Hub findings of ${REMEDIATED_CONTROLS.join(', ')}`,
      asset: 'finding-remediation',
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
    });
    this.node.defaultChild = fn.function;
    this.functionName = fn.functionName;
    grantToRole(
      fn.role,
      ['s3:PutBucketPublicAccessBlock'],
      [arnOf(this, { service: 's3', region: '', account: '', resource: '*' })],
    );
    // Account-wide settings and rule listings have no narrower resource.
    grantToRole(
      fn.role,
      [
        's3:PutAccountPublicAccessBlock',
        'ec2:EnableEbsEncryptionByDefault',
        'ec2:DescribeSecurityGroupRules',
        'securityhub:BatchUpdateFindings',
      ],
      ['*'],
    );
    grantToRole(
      fn.role,
      ['ec2:RevokeSecurityGroupIngress'],
      [arnOf(this, { service: 'ec2', resource: 'security-group/*' })],
    );

    const rule = new CloudwatchEventRule(this, 'rule', {
      provider,
      name: props.name,
      description: `New failed Security Hub findings ${props.name} fixes`,
      eventPattern: JSON.stringify({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Compliance: {
              SecurityControlId: [...REMEDIATED_CONTROLS],
              Status: ['FAILED'],
            },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
            // The aggregating region also sees the other region's findings; each region's
            // function fixes its own.
            Region: [region],
            AwsAccountId: [account],
          },
        },
      }),
    });
    invokeOnRule(this, fn, rule, {}, provider);
  }
}
