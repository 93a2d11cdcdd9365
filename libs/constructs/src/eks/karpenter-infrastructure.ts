import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { IKmsKey } from '../kms/kms-key';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { InterruptionQueue } from './interruption-queue';
import {
  KARPENTER_DISCOVERY_TAG,
  karpenterControllerStatements,
} from './karpenter-controller-policy';
import { NodeRole } from './node-role';
import { PodIdentityRole } from './pod-identity-role';

/** Properties of {@link KarpenterInfrastructure}. */
export interface KarpenterInfrastructureProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The AWS account ID. */
  readonly accountId: string;
  /** The cluster security group EKS created; Karpenter's nodes join it (found by tag). */
  readonly clusterSecurityGroupId: string;
  /** The key of the node volumes: Karpenter launches them encrypted under it. */
  readonly volumeKmsKey: IKmsKey;
  /** Where the controller runs: its role is bound to this service account. */
  readonly namespace: string;
  /** The service account Karpenter's controller runs as. */
  readonly serviceAccount: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * What Karpenter needs on the AWS side: the role its nodes run as (joined to the cluster by
 * an EC2_LINUX access entry, so no aws-auth edits), the interruption queue and its rules, the
 * controller's Pod Identity role, and the discovery tag on the cluster security group (the
 * network layer tags the private subnets).
 */
export class KarpenterInfrastructure extends Construct {
  /** The IAM role of the nodes Karpenter launches. */
  readonly nodeRole: NodeRole;
  /** The controller's IAM role (Pod Identity). */
  readonly controllerRole: PodIdentityRole;
  /** The queue of interruption notices the controller reads. */
  readonly interruptionQueue: InterruptionQueue;

  constructor(scope: Construct, id: string, props: KarpenterInfrastructureProps) {
    super(scope, id);
    const { clusterName, provider } = props;
    this.nodeRole = new NodeRole(this, 'node-role', {
      roleName: `${clusterName}-karpenter-node`,
      provider,
    });
    new EksAccessEntry(this, 'node-access', {
      provider,
      clusterName,
      principalArn: this.nodeRole.roleArn,
      type: 'EC2_LINUX',
    });
    this.interruptionQueue = new InterruptionQueue(this, 'interruption', {
      provider,
      queueName: `${clusterName}-karpenter`,
      accountId: props.accountId,
    });
    this.controllerRole = new PodIdentityRole(this, 'controller-role', {
      provider,
      roleName: `${clusterName}-karpenter`,
      clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      statements: karpenterControllerStatements(this, {
        clusterName,
        nodeRoleArn: this.nodeRole.roleArn,
        interruptionQueueArn: this.interruptionQueue.queueArn,
      }),
    });
    this.interruptionQueue.grantConsume(this.controllerRole);
    // EC2 creates the encrypted root volumes with the caller's (the controller's) key grants.
    props.volumeKmsKey.grantEncryptDecrypt(this.controllerRole, {
      allowGrants: true,
      conditions: {
        StringEquals: { 'kms:ViaService': `ec2.${awsEnvironmentOf(this).region}.amazonaws.com` },
      },
    });
    new Ec2Tag(this, 'security-group-discovery', {
      provider,
      resourceId: props.clusterSecurityGroupId,
      key: KARPENTER_DISCOVERY_TAG,
      value: clusterName,
    });
  }
}
