import { IConstruct } from 'constructs';
import { PolicyStatement } from '../iam/policy-document';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** The tag Karpenter finds its cluster's subnets and security groups by. */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';

/** What the Karpenter controller's policy is scoped to. */
export interface KarpenterControllerPolicyProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The role Karpenter's nodes run as; the controller may pass only this one. */
  readonly nodeRoleArn: string;
  /** The interruption queue's ARN (the controller reads and deletes its messages). */
  readonly interruptionQueueArn: string;
}

/**
 * Karpenter's controller permissions, after the policy its project publishes for v1: it may
 * launch, tag and terminate only what carries this cluster's ownership tag and a NodePool
 * tag, pass only its node role to EC2, and manage only instance profiles it tagged itself.
 */
export function karpenterControllerStatements(
  scope: IConstruct,
  props: KarpenterControllerPolicyProps,
): PolicyStatement[] {
  const { clusterName } = props;
  const ec2 = (resource: string) => arnOf(scope, { service: 'ec2', resource });
  const regional = (resource: string) => arnOf(scope, { service: 'ec2', account: '', resource });
  const instanceProfiles = arnOf(scope, {
    service: 'iam',
    region: '',
    resource: 'instance-profile/*',
  });
  const region = awsEnvironmentOf(scope).region;
  const owned = `kubernetes.io/cluster/${clusterName}`;
  const launched = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*'];
  const launchedAndTemplates = [...launched, 'launch-template/*', 'spot-instances-request/*'];
  return [
    {
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Resource: [
        regional('image/*'),
        regional('snapshot/*'),
        ec2('security-group/*'),
        ec2('subnet/*'),
        ec2('capacity-reservation/*'),
      ],
    },
    {
      Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Resource: ec2('launch-template/*'),
      Condition: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedEC2InstanceActionsWithTags',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      Resource: [...launchedAndTemplates, 'capacity-reservation/*'].map(ec2),
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceCreationTagging',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: launchedAndTemplates.map(ec2),
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceTagging',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: ec2('instance/*'),
      Condition: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': clusterName },
        'ForAllValues:StringEquals': {
          'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
        },
      },
    },
    {
      Sid: 'AllowScopedDeletion',
      Effect: 'Allow',
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Resource: [ec2('instance/*'), ec2('launch-template/*')],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowRegionalReadActions',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
        'ec2:DescribeAvailabilityZones',
      ],
      // Describe calls support no resource ARNs; the region bounds them.
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': region } },
    },
    {
      Sid: 'AllowSSMReadActions',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      // The public parameters that name the current EKS AMIs.
      Resource: arnOf(scope, { service: 'ssm', account: '', resource: 'parameter/aws/service/*' }),
    },
    {
      Sid: 'AllowPricingReadActions',
      Effect: 'Allow',
      Action: 'pricing:GetProducts',
      Resource: '*',
    },
    {
      Sid: 'AllowInterruptionQueueActions',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Resource: props.interruptionQueueArn,
    },
    {
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: props.nodeRoleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      Sid: 'AllowScopedInstanceProfileCreationActions',
      Effect: 'Allow',
      Action: 'iam:CreateInstanceProfile',
      Resource: instanceProfiles,
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileTagActions',
      Effect: 'Allow',
      Action: 'iam:TagInstanceProfile',
      Resource: instanceProfiles,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
          [`aws:RequestTag/${owned}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileActions',
      Effect: 'Allow',
      Action: [
        'iam:AddRoleToInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:DeleteInstanceProfile',
      ],
      Resource: instanceProfiles,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowInstanceProfileReadActions',
      Effect: 'Allow',
      Action: 'iam:GetInstanceProfile',
      Resource: instanceProfiles,
    },
    {
      Sid: 'AllowUnscopedInstanceProfileListAction',
      Effect: 'Allow',
      // Listing supports no resource scope; it reveals names only.
      Action: 'iam:ListInstanceProfiles',
      Resource: '*',
    },
    {
      Sid: 'AllowAPIServerEndpointDiscovery',
      Effect: 'Allow',
      Action: 'eks:DescribeCluster',
      Resource: arnOf(scope, { service: 'eks', resource: `cluster/${clusterName}` }),
    },
    {
      // The first spot launch in an account creates EC2's spot service-linked role.
      Sid: 'AllowSpotServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: arnOf(scope, {
        service: 'iam',
        region: '',
        resource: 'role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot',
      }),
      Condition: { StringEquals: { 'iam:AWSServiceName': 'spot.amazonaws.com' } },
    },
  ];
}
