import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeNode } from './control-plane';

interface NodeGroupJson {
  readonly node_group_name: string;
  readonly instance_types?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly taint?: ReadonlyArray<{ key: string; value?: string; effect: string }>;
  readonly scaling_config: { readonly desired_size: number };
}

/** The EKS taint effects as the API spells them. */
const TAINT_EFFECTS: Readonly<Record<string, string>> = {
  NO_SCHEDULE: 'NoSchedule',
  NO_EXECUTE: 'NoExecute',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
};

/**
 * The nodes the cluster stack's managed node groups start with (their desired size), spread
 * over the environment's zones in turn, with the labels and taints EKS gives them: the
 * add-ons schedule onto the same nodes as on EKS. Karpenter's nodes are not among them; its
 * controller would launch them.
 */
export function nodeGroupNodes(clusterStackDir: string, zones: readonly string[]): FakeNode[] {
  const json = JSON.parse(readFileSync(join(clusterStackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: { aws_eks_node_group?: Record<string, NodeGroupJson> };
  };
  const nodes: FakeNode[] = [];
  for (const group of Object.values(json.resource?.aws_eks_node_group ?? {})) {
    // The group's name is a template on the cluster's name; its labels name it plainly.
    const groupLabel = Object.values(group.labels ?? {})[0] ?? 'nodes';
    for (let index = 0; index < group.scaling_config.desired_size; index++) {
      nodes.push({
        name: `${groupLabel}-${index + 1}`,
        zone: zones[nodes.length % zones.length],
        instanceType: group.instance_types?.[0] ?? 'm7i.large',
        labels: {
          ...group.labels,
          'eks.amazonaws.com/nodegroup': groupLabel,
          'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        },
        taints: (group.taint ?? []).map((taint) => ({
          key: taint.key,
          ...(taint.value === undefined ? {} : { value: taint.value }),
          effect: TAINT_EFFECTS[taint.effect] ?? taint.effect,
        })),
      });
    }
  }
  if (nodes.length === 0)
    throw new Error(
      `${clusterStackDir}: the cluster stack has no managed node group, so no node would run the add-ons`,
    );
  return nodes;
}
