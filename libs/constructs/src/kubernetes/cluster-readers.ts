import { Construct } from 'constructs';
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';

/**
 * The Kubernetes group a read-only access entry (a pipeline's plan role) gets beside
 * AmazonEKSViewPolicy: that policy reads namespaced objects but not the cluster-scoped and
 * custom kinds the platform's stacks manage, so a plan's refresh of them would be refused.
 */
export const CLUSTER_READER_GROUP = 'strata:cluster-readers';

const READ = ['get', 'list', 'watch'];

/** One rule of a ClusterRole. */
export interface PolicyRule {
  /** The API groups (`''` is the core group). */
  readonly apiGroups: readonly string[];
  /** The resources, by plural name. */
  readonly resources: readonly string[];
  /** The verbs allowed. */
  readonly verbs: readonly string[];
}

/**
 * What the group reads: the kinds the stacks manage that the view policy does not (a storage
 * class; this role and its binding; custom resources, which the kubernetes provider finds
 * through their CRDs; the load balancer controller's TargetGroupBinding). No Secret: the core
 * group is not listed.
 */
export const CLUSTER_READER_RULES: readonly PolicyRule[] = [
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterroles', 'clusterrolebindings'],
    verbs: READ,
  },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  { apiGroups: ['elbv2.k8s.aws'], resources: ['targetgroupbindings'], verbs: READ },
];

/** Properties of {@link ClusterReaders}. */
export interface ClusterReadersProps {
  /** The Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
}

/** The ClusterRole CLUSTER_READER_GROUP holds, bound to it. */
export class ClusterReaders extends Construct {
  /** The ClusterRole that grants read access. */
  readonly role: ClusterRoleV1;

  constructor(scope: Construct, id: string, props: ClusterReadersProps) {
    super(scope, id);
    const name = CLUSTER_READER_GROUP.replace(':', '-');
    this.role = new ClusterRoleV1(this, 'role', {
      provider: props.provider,
      metadata: { name },
      rule: CLUSTER_READER_RULES.map((rule) => ({
        apiGroups: [...rule.apiGroups],
        resources: [...rule.resources],
        verbs: [...rule.verbs],
      })),
    });
    this.node.defaultChild = this.role;
    new ClusterRoleBindingV1(this, 'binding', {
      provider: props.provider,
      metadata: { name },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: this.role.metadata.name,
      },
      subject: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: CLUSTER_READER_GROUP },
      ],
    });
  }
}
