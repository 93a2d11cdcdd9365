import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksRelease } from '../vocabulary/eks-release';
import { KMS_USE_ACTIONS, IKmsKey } from '../kms/kms-key';
import { PodIdentityRole } from './pod-identity-role';
import { managedPolicyArn } from '../scope/aws-environment';

/** Properties of {@link EksManagedAddons}. */
export interface EksManagedAddonsProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** Pinned add-on versions for the cluster's Kubernetes release. */
  readonly versions: EksRelease;
  /** Control plane minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** KMS key of the node and persistent volumes; the EBS CSI driver must be able to use it. */
  readonly volumeKmsKey: IKmsKey;
  /** Resources the node-dependent add-ons (CoreDNS, EBS CSI) wait for: the node groups. */
  readonly nodes: readonly ITerraformDependable[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Where the CloudWatch observability add-on runs its agent and Fluent Bit. */
export const CLOUDWATCH_AGENT_NAMESPACE = 'amazon-cloudwatch';

/**
 * The namespaces EKS's managed add-ons run in, from AWS's registries and with the host access
 * node agents need: the platform's admission policies leave them to AWS.
 */
export const EKS_MANAGED_ADDON_NAMESPACES = ['kube-system', CLOUDWATCH_AGENT_NAMESPACE] as const;

/**
 * VPC CNI settings. Its network policy agent enforces Kubernetes NetworkPolicies only when
 * this is on; off, every NetworkPolicy in the cluster is accepted and ignored.
 */
export const VPC_CNI_CONFIGURATION = {
  /** The CNI's network policy agent enforces NetworkPolicies (a string, as the add-on's schema types it). */
  enableNetworkPolicy: 'true',
} as const;

/**
 * The EKS managed add-ons, at pinned versions. The networking DaemonSets (VPC CNI,
 * kube-proxy, pod identity agent) come before the nodes so nodes join ready; CoreDNS and
 * the EBS CSI controller are Deployments and come after, or their creation would wait on
 * nodes that do not exist yet.
 */
export class EksManagedAddons extends Construct {
  /** The add-ons, by name. */
  readonly addons: Readonly<Record<string, EksAddon>>;

  constructor(scope: Construct, id: string, props: EksManagedAddonsProps) {
    super(scope, id);
    const { provider, clusterName, versions } = props;

    const cniRole = new PodIdentityRole(this, 'vpc-cni-role', {
      provider,
      roleName: `${clusterName}-vpc-cni`,
      clusterName,
      associate: false,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      managedPolicyArns: [managedPolicyArn(this, 'AmazonEKS_CNI_Policy')],
    });
    const ebsRole = new PodIdentityRole(this, 'ebs-csi-role', {
      provider,
      roleName: `${clusterName}-ebs-csi`,
      clusterName,
      associate: false,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [managedPolicyArn(this, 'service-role/AmazonEBSCSIDriverPolicy')],
      statements: [
        {
          Sid: 'EncryptVolumesWithPlatformKey',
          Effect: 'Allow',
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Resource: props.volumeKmsKey.keyArn,
          Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
        },
        {
          Sid: 'UsePlatformKey',
          Effect: 'Allow',
          Action: KMS_USE_ACTIONS,
          Resource: props.volumeKmsKey.keyArn,
        },
      ],
    });

    // Container Insights: node and pod metrics (cluster_failed_node_count and friends) that
    // the observability layer alarms on. AWS's managed policy is the agent's exact permission set.
    const insightsRole = new PodIdentityRole(this, 'cloudwatch-agent-role', {
      provider,
      roleName: `${clusterName}-cw-agent`,
      clusterName,
      associate: false,
      namespace: CLOUDWATCH_AGENT_NAMESPACE,
      serviceAccount: 'cloudwatch-agent',
      managedPolicyArns: [managedPolicyArn(this, 'CloudWatchAgentServerPolicy')],
    });
    // Not in EKS_RELEASES: EKS's own default build for the control plane version, looked up at plan.
    const insightsVersion = new DataAwsEksAddonVersion(this, 'cloudwatch-observability-version', {
      provider,
      addonName: 'amazon-cloudwatch-observability',
      kubernetesVersion: props.kubernetesVersion,
      mostRecent: false,
    });

    const addon = (
      name: string,
      version: string,
      options: {
        /** The add-on's Pod Identity role (its service account with it), served by `agent`. */
        identity?: { role: PodIdentityRole; agent: EksAddon };
        afterNodes?: boolean;
        configuration?: Readonly<Record<string, unknown>>;
      } = {},
    ): EksAddon =>
      new EksAddon(this, name, {
        provider,
        clusterName,
        addonName: name,
        addonVersion: version,
        podIdentityAssociation: options.identity && [
          {
            serviceAccount: options.identity.role.serviceAccount,
            roleArn: options.identity.role.roleArn,
          },
        ],
        configurationValues: options.configuration && JSON.stringify(options.configuration),
        resolveConflictsOnCreate: 'OVERWRITE',
        // Keep hand-edited configuration on upgrade instead of silently discarding it.
        resolveConflictsOnUpdate: 'PRESERVE',
        dependsOn: dependencies(options),
      });
    const dependencies = (options: { identity?: { agent: EksAddon }; afterNodes?: boolean }) => {
      const needs = [
        ...(options.afterNodes ? props.nodes : []),
        ...(options.identity ? [options.identity.agent] : []),
      ];
      return needs.length > 0 ? needs : undefined;
    };

    // The agent serves every Pod Identity credential; the add-ons that use one wait for it.
    const agent = addon('eks-pod-identity-agent', versions.podIdentityAgent);
    this.addons = {
      'eks-pod-identity-agent': agent,
      'vpc-cni': addon('vpc-cni', versions.vpcCni, {
        identity: { role: cniRole, agent },
        configuration: VPC_CNI_CONFIGURATION,
      }),
      'kube-proxy': addon('kube-proxy', versions.kubeProxy),
      coredns: addon('coredns', versions.coreDns, { afterNodes: true }),
      'aws-ebs-csi-driver': addon('aws-ebs-csi-driver', versions.ebsCsiDriver, {
        identity: { role: ebsRole, agent },
        afterNodes: true,
      }),
      'amazon-cloudwatch-observability': addon(
        'amazon-cloudwatch-observability',
        insightsVersion.version,
        {
          identity: { role: insightsRole, agent },
          afterNodes: true,
        },
      ),
    };
  }
}
