import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { IKmsKey } from '../kms/kms-key';
import { PLATFORM_LABELS } from '../vocabulary/platform-labels';

/** How a managed node group buys its instances. */
export enum CapacityType {
  /** On-demand instances. */
  ON_DEMAND = 'ON_DEMAND',
  /** Spot instances (interruptible, cheaper). */
  SPOT = 'SPOT',
}

/** A taint of the group's nodes. */
export interface NodeGroupTaint {
  /** The taint's key. */
  readonly key: string;
  /** Its value. */
  readonly value: string;
  /** What happens to pods that do not tolerate it. */
  readonly effect: 'NO_SCHEDULE' | 'PREFER_NO_SCHEDULE' | 'NO_EXECUTE';
}

/** Properties of {@link ManagedNodeGroup}. */
export interface ManagedNodeGroupProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** Short group name, e.g. `system`; used in the node group name and the node label. */
  readonly groupName: string;
  /** The IAM role of the nodes. */
  readonly nodeRoleArn: string;
  /** The subnets the nodes run in (private). */
  readonly subnetIds: string[];
  /** The instance types the group may launch. */
  readonly instanceTypes: readonly string[];
  /** How the instances are bought. */
  readonly capacityType: CapacityType;
  /** The fewest nodes. */
  readonly minSize: number;
  /** The most nodes. */
  readonly maxSize: number;
  /** The nodes at creation (EKS keeps later changes by the autoscaler). */
  readonly desiredSize: number;
  /** Each node's root volume size, in GiB (encrypted). */
  readonly diskSizeGib: number;
  /** KMS key encrypting the root volumes. */
  readonly volumeKmsKey: IKmsKey;
  /** Taints of the nodes. @default none */
  readonly taints?: readonly NodeGroupTaint[];
  /** Extra tags of the group. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Tags of the instances, volumes and network interfaces the group launches, besides `Name`:
   * the provider's default tags reach none of them. @default the group's `tags`
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /** Node label whose value is the group's name (what pods select). @default NODE_GROUP_LABEL */
  readonly nodeGroupLabel?: string;
}

/** Node label every Strata node carries, naming its group; workloads select on it. */
export const NODE_GROUP_LABEL = `${PLATFORM_LABELS.domain}/node-group`;

/**
 * A managed node group on its own launch template: IMDSv2 required with a hop limit of 2
 * (pods behind the CNI still reach it, nothing further does), an encrypted gp3 root volume
 * and detailed monitoring. The cluster autoscaler owns the desired size after creation.
 */
export class ManagedNodeGroup extends Construct {
  /** The node group's name. */
  readonly nodeGroupName: string;
  /** The launch template's ID. */
  readonly launchTemplateId: string;
  /** The node group resource, for `dependsOn`. */
  readonly resource: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const name = `${props.clusterName}-${props.groupName}`;
    const launchTemplate = new LaunchTemplate(this, 'launch-template', {
      provider: props.provider,
      name,
      description: `Nodes of ${name}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // One hop: pods cannot reach the node's metadata (and so its role). Nothing in the
        // platform needs them to: every AWS-calling workload has its own IRSA role, the
        // host-network DaemonSets (VPC CNI, kube-proxy, node exporter) are on the node's hop,
        // and the EBS CSI node plugin reads its instance facts from the Kubernetes API when
        // metadata is out of reach. A workload that needs two hops must be named here.
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeType: 'gp3',
            volumeSize: props.diskSizeGib,
            encrypted: 'true',
            kmsKeyId: props.volumeKmsKey.keyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { Name: name, ...(props.instanceTags ?? props.tags) },
      })),
    });

    const group = new EksNodeGroup(this, 'group', {
      provider: props.provider,
      clusterName: props.clusterName,
      nodeGroupName: name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: props.capacityType,
      instanceTypes: [...props.instanceTypes],
      scalingConfig: {
        minSize: props.minSize,
        maxSize: props.maxSize,
        desiredSize: props.desiredSize,
      },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
      labels: { [props.nodeGroupLabel ?? NODE_GROUP_LABEL]: props.groupName },
      taint: props.taints?.map((taint) => ({ ...taint })),
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });

    this.node.defaultChild = group;
    this.resource = group;
    this.nodeGroupName = group.nodeGroupName;
    this.launchTemplateId = launchTemplate.id;
  }
}
