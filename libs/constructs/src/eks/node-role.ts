import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { policyDocument } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { managedPolicyArn } from '../scope/aws-environment';

/**
 * The managed policies an EKS node needs. The CNI policy is deliberately absent: the VPC CNI
 * gets it through its own IRSA role, so pods cannot borrow it from the node.
 */
export const NODE_MANAGED_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
] as const;

/** Properties of {@link NodeRole}. */
export interface NodeRoleProps {
  /** The role's name. */
  readonly roleName: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The IAM role EC2 nodes of every managed node group assume. */
export class NodeRole extends ServiceRole {
  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id, {
      roleName: props.roleName,
      // EC2 does not set aws:SourceAccount, so the trust is the plain service principal.
      assumeRolePolicy: policyDocument([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
      managedPolicyArns: NODE_MANAGED_POLICIES.map((name) => managedPolicyArn(scope, name)),
      provider: props.provider,
    });
  }
}
