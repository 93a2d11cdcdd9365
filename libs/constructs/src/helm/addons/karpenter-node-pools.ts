import { Construct } from 'constructs';
import { KARPENTER_DISCOVERY_TAG } from '../../eks/karpenter-controller-policy';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { mergeValues } from '../values';
import { KarpenterAddon, KARPENTER_NAMESPACE } from './karpenter';
import { NODE_POOL_DEFAULTS } from '../../vocabulary/node-pool-defaults';
import { PLATFORM_LABELS } from '../../vocabulary/platform-labels';

/** A NodePool taint, as Kubernetes spells it. */
export interface NodeTaint {
  /** The taint's key. */
  readonly key: string;
  /** Its value. */
  readonly value: string;
  /** What happens to pods that do not tolerate it. */
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Spot nodes repel pods that did not opt in, so only interruption-tolerant work lands there. */
export const SPOT_TAINT: NodeTaint = {
  key: `${PLATFORM_LABELS.domain}/spot`,
  value: 'true',
  effect: 'NoSchedule',
};

/** One NodePool: what Karpenter may launch for it, how much, and how it may disrupt it. */
export interface NodePoolSpec {
  /** The NodePool's name (also the value of the platform's node-pool label on its nodes). */
  readonly name: string;
  /** Capacity types Karpenter may buy. */
  readonly capacityTypes: ReadonlyArray<'on-demand' | 'spot'>;
  /** CPU architectures it may launch. */
  readonly architectures: ReadonlyArray<'amd64' | 'arm64'>;
  /** EC2 instance categories (`c`, `m`, `r`, ...). */
  readonly instanceCategories: readonly string[];
  /** Empty: any family of the categories. */
  readonly instanceFamilies: readonly string[];
  /** The oldest instance generation (e.g. 5 for `m5` and newer). */
  readonly minInstanceGeneration: number;
  /** Taints of its nodes. */
  readonly taints: readonly NodeTaint[];
  /** Most vCPUs the pool may run. */
  readonly cpuLimit: number;
  /** Most memory (GiB) the pool may run. */
  readonly memoryLimitGib: number;
  /** Minutes a node stays empty or underused before Karpenter consolidates it. */
  readonly consolidateAfterMinutes: number;
  /** Days before a node is replaced, so nodes pick up new images. */
  readonly expireAfterDays: number;
  /** Percent of the pool's nodes Karpenter may disrupt at once. */
  readonly disruptionBudgetPercent: number;
}

/** A NodePool as a caller gives it: a name and limits, everything else defaulted. */
export interface NodePoolOptions {
  /** The NodePool's name. */
  readonly name: string;
  /** Most vCPUs the pool may run; Karpenter launches nothing beyond it. */
  readonly cpuLimit: number;
  /** Most memory (GiB) the pool may run. */
  readonly memoryLimitGib: number;
  /** @default ['on-demand'] */
  readonly capacityTypes?: NodePoolSpec['capacityTypes'];
  /** @default ['amd64'] */
  readonly architectures?: NodePoolSpec['architectures'];
  /** @default ['c', 'm', 'r'] */
  readonly instanceCategories?: readonly string[];
  /** @default [] (any family of the categories) */
  readonly instanceFamilies?: readonly string[];
  /** @default 6 */
  readonly minInstanceGeneration?: number;
  /** @default [] */
  readonly taints?: readonly NodeTaint[];
  /** @default 10 */
  readonly consolidateAfterMinutes?: number;
  /** @default 30 */
  readonly expireAfterDays?: number;
  /** @default 10 */
  readonly disruptionBudgetPercent?: number;
}

/** The whole spec of a pool, each field left out taken from `NODE_POOL_DEFAULTS`. */
export function nodePoolSpec(options: NodePoolOptions): NodePoolSpec {
  const defaults = NODE_POOL_DEFAULTS;
  return {
    // In NodePoolSpec's order: the rendered values (and so the release) stay as they were.
    name: options.name,
    capacityTypes: options.capacityTypes ?? defaults.capacityTypes,
    architectures: options.architectures ?? defaults.architectures,
    instanceCategories: options.instanceCategories ?? defaults.instanceCategories,
    instanceFamilies: options.instanceFamilies ?? defaults.instanceFamilies,
    minInstanceGeneration: options.minInstanceGeneration ?? defaults.minInstanceGeneration,
    taints: options.taints ?? defaults.taints,
    cpuLimit: options.cpuLimit,
    memoryLimitGib: options.memoryLimitGib,
    consolidateAfterMinutes: options.consolidateAfterMinutes ?? defaults.consolidateAfterMinutes,
    expireAfterDays: options.expireAfterDays ?? defaults.expireAfterDays,
    disruptionBudgetPercent: options.disruptionBudgetPercent ?? defaults.disruptionBudgetPercent,
  };
}

/** Values of `charts/karpenter-node-pools`. */
export interface KarpenterNodePoolsValues {
  /** The EC2NodeClass every pool launches from. */
  readonly nodeClass: {
    /** Its name. */
    readonly name: string;
    /** The IAM role of its nodes. */
    readonly role: string;
    /** `al2023@latest` or `al2023@v20251117`. */
    readonly imageAlias: string;
    /** The tag that finds the subnets and security groups. */
    readonly discovery: {
      /** The tag's key. */
      readonly key: string;
      /** The tag's value. */
      readonly value: string;
    };
    /** The root volume. */
    readonly rootVolume: {
      /** Its size, in GiB. */
      readonly sizeGib: number;
      /** The KMS key that encrypts it. */
      readonly kmsKeyId: string;
    };
    /**
     * Tags Karpenter puts on every instance, volume, network interface and launch template it
     * creates: the platform's cost and ownership tags, as Terraform's resources carry them.
     */
    readonly tags: Readonly<Record<string, string>>;
  };
  /** The NodePools. */
  readonly nodePools: readonly NodePoolSpec[];
  /** The labels that name the platform. @default PLATFORM_LABELS */
  readonly labels: {
    /** The `app.kubernetes.io/part-of` value of every object. */
    readonly partOf: string;
    /** The node label key that carries a pool's name. */
    readonly nodePool: string;
  };
}

/** Properties of {@link KarpenterNodePoolsAddon}. */
export interface KarpenterNodePoolsProps extends AddonProps<KarpenterNodePoolsValues> {
  /** The node role's name (the cluster contract's `karpenterNodeRoleName`). */
  readonly nodeRoleName: string;
  /** Key the root volumes are encrypted with. */
  readonly volumeKmsKeyArn: string;
  /** Each pool's name and limits; every other field has a default (`nodePoolSpec`). */
  readonly nodePools: readonly NodePoolOptions[];
  /** EKS AL2023 image release, or `latest`. @default 'latest' */
  readonly imageVersion?: string;
  /** @default 50 */
  readonly rootVolumeGib?: number;
  /**
   * The tags of everything Karpenter launches (the stack's provider default tags, so that its
   * instances and volumes are costed like the rest of the platform). @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default charts/karpenter-node-pools of this repository */
  readonly chart?: BundledChart;
}

/**
 * The EC2NodeClass (IMDSv2 with one hop, encrypted gp3, subnets and security groups by the
 * cluster's discovery tag) and the NodePools Karpenter launches nodes for.
 */
export class KarpenterNodePoolsAddon extends HelmAddon<KarpenterNodePoolsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'karpenter-node-pools';

  constructor(scope: Construct, id: string, props: KarpenterNodePoolsProps) {
    const { context } = props;
    const defaults: KarpenterNodePoolsValues = {
      nodeClass: {
        name: 'default',
        role: props.nodeRoleName,
        imageAlias: `al2023@${props.imageVersion ?? 'latest'}`,
        discovery: { key: KARPENTER_DISCOVERY_TAG, value: context.clusterName },
        rootVolume: { sizeGib: props.rootVolumeGib ?? 50, kmsKeyId: props.volumeKmsKeyArn },
        tags: { ...props.tags },
      },
      nodePools: props.nodePools.map(nodePoolSpec),
      labels: { partOf: PLATFORM_LABELS.partOf, nodePool: PLATFORM_LABELS.nodePool },
    };
    super(scope, id, {
      addonName: KarpenterNodePoolsAddon.ADDON_NAME,
      namespace: KARPENTER_NAMESPACE,
      chart: props.chart ?? localChart(scope, 'karpenter-node-pools'),
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: KarpenterAddon.ADDON_NAME,
          reason: 'NodePools and EC2NodeClasses are Karpenter resources, served once it runs',
        },
      ],
      context,
    });
  }
}
