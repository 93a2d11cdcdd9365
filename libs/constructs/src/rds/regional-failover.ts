import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { grantToRole } from '../iam/grant';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { functionAssetDirectory } from '../lambda/service-function';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';
import { RECOVERY_METRIC_NAMESPACE, RECOVERY_OBJECTIVES } from '../vocabulary/recovery';

/** Properties of {@link RegionalFailoverRunbook}. */
export interface RegionalFailoverRunbookProps {
  /** Document and role name. */
  readonly documentName: string;
  /** The global cluster to fail over. */
  readonly globalClusterIdentifier: string;
  /** ARN of this region's member: the cluster the runbook makes the writer. */
  readonly targetClusterArn: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Regional failover as code: an SSM Automation runbook, in the region that takes over, that
 * moves the Aurora global database's writer here (`switchover` for drills, `failover` with
 * data loss when the other region is gone), waits until this cluster is the available,
 * encrypted writer, and records the measured RTO and RPO (outputs and CloudWatch metrics in
 * RECOVERY_METRIC_NAMESPACE). Its role may move only this global cluster.
 */
export class RegionalFailoverRunbook extends Construct {
  /** The document's name. */
  readonly documentName: string;
  /** The role's ARN. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: RegionalFailoverRunbookProps) {
    super(scope, id);
    const provider = props.provider;
    const account = awsEnvironmentOf(this).account;
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.documentName,
      assumeRolePolicy: serviceTrustPolicy('ssm.amazonaws.com', account),
    });
    const globalArn = arnOf(this, {
      service: 'rds',
      region: '',
      resource: `global-cluster:${props.globalClusterIdentifier}`,
    });
    // Moving the writer acts on the global cluster and on every member cluster.
    grantToRole(
      role,
      [
        'rds:SwitchoverGlobalCluster',
        'rds:FailoverGlobalCluster',
        'rds:DescribeGlobalClusters',
        'rds:DescribeDBClusters',
      ],
      [globalArn, arnOf(this, { service: 'rds', region: '*', resource: 'cluster:*' })],
    );
    grantToRole(role, ['cloudwatch:GetMetricStatistics'], ['*']);
    role.addToPolicy({
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': RECOVERY_METRIC_NAMESPACE } },
    });

    const script = readFileSync(
      join(functionAssetDirectory('regional-failover', 'failover.py'), 'failover.py'),
      'utf8',
    );
    const document = new SsmDocument(this, 'document', {
      provider,
      name: props.documentName,
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: JSON.stringify(
        failoverDocument({
          roleArn: role.roleArn,
          globalClusterIdentifier: props.globalClusterIdentifier,
          targetClusterArn: props.targetClusterArn,
          script,
        }),
      ),
      dependsOn: role.resources,
    });
    this.node.defaultChild = document;
    this.documentName = document.name;
    this.roleArn = role.roleArn;
  }
}

/** The Automation document: parameters with this region's defaults, one script step, outputs. */
export function failoverDocument(options: {
  /** The role the automation runs as. */
  readonly roleArn: string;
  /** The global cluster. */
  readonly globalClusterIdentifier: string;
  /** The cluster promoted to writer. */
  readonly targetClusterArn: string;
  /** The step's script. */
  readonly script: string;
}): Record<string, unknown> {
  return {
    schemaVersion: '0.3',
    description:
      "Moves the Aurora global database's writer to this region and measures RTO and RPO.",
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      Mode: {
        type: 'String',
        allowedValues: ['switchover', 'failover'],
        default: 'switchover',
        description:
          'switchover: planned, no data loss (drills). failover: the other region is gone.',
      },
      GlobalClusterIdentifier: { type: 'String', default: options.globalClusterIdentifier },
      TargetDbClusterArn: { type: 'String', default: options.targetClusterArn },
      TimeoutSeconds: { type: 'String', default: String(RECOVERY_OBJECTIVES.rtoSeconds * 2) },
      AutomationAssumeRole: { type: 'String', default: options.roleArn },
    },
    mainSteps: [
      {
        name: 'MoveWriter',
        action: 'aws:executeScript',
        timeoutSeconds: RECOVERY_OBJECTIVES.rtoSeconds * 2 + 300,
        inputs: {
          Runtime: 'python3.11',
          Handler: 'script_handler',
          Script: options.script,
          InputPayload: {
            Mode: '{{ Mode }}',
            GlobalClusterIdentifier: '{{ GlobalClusterIdentifier }}',
            TargetDbClusterArn: '{{ TargetDbClusterArn }}',
            TimeoutSeconds: '{{ TimeoutSeconds }}',
            MetricNamespace: RECOVERY_METRIC_NAMESPACE,
          },
        },
        outputs: [
          {
            Name: 'RecoveryTimeSeconds',
            Selector: '$.Payload.RecoveryTimeSeconds',
            Type: 'Integer',
          },
          {
            Name: 'RecoveryPointSeconds',
            Selector: '$.Payload.RecoveryPointSeconds',
            Type: 'Integer',
          },
          { Name: 'PreviousWriter', Selector: '$.Payload.PreviousWriter', Type: 'String' },
          { Name: 'NewWriter', Selector: '$.Payload.NewWriter', Type: 'String' },
        ],
      },
    ],
    outputs: [
      'MoveWriter.RecoveryTimeSeconds',
      'MoveWriter.RecoveryPointSeconds',
      'MoveWriter.PreviousWriter',
      'MoveWriter.NewWriter',
    ],
  };
}
