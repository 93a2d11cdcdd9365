import { Construct } from 'constructs';
import { PolicyStatement } from '../../iam/policy-document';
import { workloadRole } from '../../eks/workload-role';
import type { ServiceRole } from '../../iam/service-role';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, ServiceAccountValues } from '../values';
import { CertManagerAddon } from './cert-manager';

/** The upstream chart this add-on installs, pinned to one version. */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART: RepositoryChart = {
  chart: 'aws-load-balancer-controller',
  repository: 'https://aws.github.io/eks-charts',
  version: '1.14.1',
};

const SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface AwsLoadBalancerControllerValues {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The VPC the cluster runs in. */
  readonly vpcId: string;
  /** Controller replicas. */
  readonly replicaCount: number;
  /** The controller's resources. */
  readonly resources: ContainerResources;
  /** Allowed disruption of the controller's replicas during drains. */
  /** Its disruption budget. */
  readonly podDisruptionBudget: {
    /** Pods that may be evicted at once. */
    readonly maxUnavailable: number;
  };
  /** Whether its webhook certificate comes from cert-manager. */
  readonly enableCertManager: boolean;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  /** Its service account, which carries its IAM role. */
  readonly serviceAccount: ServiceAccountValues;
  /** Tags on every AWS resource the controller creates, so they can be traced back to it. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/**
 * What the controller may do: read the network, and create or change load balancers,
 * target groups and security groups only when they carry this cluster's tag.
 */
export function loadBalancerControllerStatements(clusterName: string): PolicyStatement[] {
  const ownedByCluster = { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': clusterName } };
  const taggedOnCreate = { StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': clusterName } };
  return [
    {
      Sid: 'ReadNetworkAndLoadBalancers',
      Effect: 'Allow',
      Action: [
        'ec2:Describe*',
        'ec2:GetSecurityGroupsForVpc',
        'elasticloadbalancing:Describe*',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'shield:GetSubscriptionState',
      ],
      Resource: '*',
    },
    {
      Sid: 'CreateTaggedResources',
      Effect: 'Allow',
      Action: [
        'ec2:CreateSecurityGroup',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
      ],
      Resource: '*',
      Condition: taggedOnCreate,
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'elasticloadbalancing:AddTags'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'ec2:CreateAction': 'CreateSecurityGroup',
          'aws:RequestTag/elbv2.k8s.aws/cluster': clusterName,
        },
      },
    },
    {
      Sid: 'ManageOwnedResources',
      Effect: 'Allow',
      Action: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:DeregisterTargets',
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      Resource: '*',
      Condition: ownedByCluster,
    },
  ];
}

/** Properties of {@link AwsLoadBalancerControllerAddon}. */
export interface AwsLoadBalancerControllerProps extends AddonProps<AwsLoadBalancerControllerValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
}

/** AWS Load Balancer Controller: provisions the NLB in front of the Istio ingress gateway. */
export class AwsLoadBalancerControllerAddon extends HelmAddon<AwsLoadBalancerControllerValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'aws-load-balancer-controller';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      { path: ['defaultTags'], reason: 'tags on every AWS resource the controller creates' },
    ],
  };
  /** The IAM role the add-on's service account assumes. */
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    const { context } = props;
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: 'kube-system',
      serviceAccount: SERVICE_ACCOUNT,
      statements: loadBalancerControllerStatements(context.clusterName),
    });
    const defaults: AwsLoadBalancerControllerValues = {
      clusterName: context.clusterName,
      region: context.region,
      vpcId: context.vpcId,
      replicaCount: context.highAvailability ? 2 : 1,
      resources: containerResources('100m', '128Mi'),
      podDisruptionBudget: { maxUnavailable: 1 },
      enableCertManager: true,
      priorityClassName: 'system-cluster-critical',
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: serviceAccountAnnotations,
      },
      defaultTags: { 'managed-by': 'aws-load-balancer-controller' },
    };
    super(scope, id, {
      addonName: AwsLoadBalancerControllerAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: AWS_LOAD_BALANCER_CONTROLLER_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: CertManagerAddon.ADDON_NAME,
          reason: 'it issues the controller webhook certificate',
        },
      ],
      context,
      dependsOn: role.resources,
    });
    this.role = role;
  }
}
