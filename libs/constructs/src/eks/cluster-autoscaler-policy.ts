import { PolicyStatement } from '../iam/policy-document';

/**
 * Least-privilege permissions of the Kubernetes cluster autoscaler: it may describe any
 * group, but only resize and terminate in groups tagged as owned by this cluster (EKS
 * managed node groups carry that tag).
 */
export function clusterAutoscalerStatements(clusterName: string): PolicyStatement[] {
  return [
    {
      Sid: 'DiscoverNodeGroups',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'eks:DescribeNodegroup',
      ],
      Resource: '*',
    },
    {
      Sid: 'ScaleOwnNodeGroupsOnly',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: {
        StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' },
      },
    },
  ];
}
