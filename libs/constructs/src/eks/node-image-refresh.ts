import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';
import { SYSTEM_NODE_IMAGE_REFRESH } from '../vocabulary/node-image-refresh';

/** The EKS call the schedule makes: the node group to the newest image of its version. */
export const NODE_IMAGE_REFRESH_ACTION = 'eks:UpdateNodegroupVersion';

/** Properties of {@link NodeImageRefresh}. */
export interface NodeImageRefreshProps {
  /** Name of the schedule and its role. */
  readonly name: string;
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The managed node group's name. */
  readonly nodeGroupName: string;
  /** When, as an EventBridge Scheduler expression in UTC. @default SYSTEM_NODE_IMAGE_REFRESH */
  readonly schedule?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Keeps a managed node group on the newest EKS-optimized image of its Kubernetes version: on
 * a schedule, EventBridge Scheduler calls EKS's UpdateNodegroupVersion itself (a universal
 * target: no function to run or patch), and EKS replaces the nodes within the group's update
 * budget, draining each. Terraform sets no release version, so the move is no drift. The
 * role may update that one node group and nothing else.
 */
export class NodeImageRefresh extends Construct {
  /** The schedule's ARN. */
  readonly scheduleArn: string;

  constructor(scope: Construct, id: string, props: NodeImageRefreshProps) {
    super(scope, id);
    const provider = props.provider;
    const { account, partition } = awsEnvironmentOf(this);
    const [service, operation] = NODE_IMAGE_REFRESH_ACTION.split(':');
    const nodeGroupArn = arnOf(this, {
      service: 'eks',
      resource: `nodegroup/${props.clusterName}/${props.nodeGroupName}/*`,
    });
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.name,
      assumeRolePolicy: serviceTrustPolicy('scheduler.amazonaws.com', account),
      statements: [{ Effect: 'Allow', Action: NODE_IMAGE_REFRESH_ACTION, Resource: nodeGroupArn }],
    });
    const schedule = new SchedulerSchedule(this, 'schedule', {
      provider,
      name: props.name,
      description: `${props.nodeGroupName} to the newest EKS image of its Kubernetes version`,
      scheduleExpression: props.schedule ?? SYSTEM_NODE_IMAGE_REFRESH,
      scheduleExpressionTimezone: 'UTC',
      // EKS refuses a second update while one runs; the window only spreads API calls.
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        // Universal target: the action's service and its operation in camel case.
        arn: `arn:${partition}:scheduler:::aws-sdk:${service}:${operation.charAt(0).toLowerCase()}${operation.slice(1)}`,
        roleArn: role.roleArn,
        input: JSON.stringify({
          ClusterName: props.clusterName,
          NodegroupName: props.nodeGroupName,
        }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
      dependsOn: role.resources,
    });
    this.node.defaultChild = schedule;
    this.scheduleArn = schedule.arn;
  }
}
