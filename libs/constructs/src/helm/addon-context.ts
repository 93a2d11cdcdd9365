import { ITerraformDependable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { ClusterOidc } from '../eks/irsa-role';
import type { WorkloadIdentity } from '../eks/workload-role';
import type { EksRelease } from '../vocabulary/eks-release';
import { DeepPartial } from './values';

/** What every add-on needs to know about the cluster it is installed into. */
export interface AddonContext {
  readonly helmProvider: HelmProvider;
  /** Provider for the add-on's AWS resources (IRSA roles, KMS keys). */
  readonly awsProvider: AwsProvider;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** The versions bound to that Kubernetes release (one row of the config's release table). */
  readonly release: EksRelease;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /**
   * The cluster's OIDC provider, for the add-on roles that must use IRSA (each says why);
   * every other role uses EKS Pod Identity. @default none
   */
  readonly oidc?: ClusterOidc;
  /** Production turns on replicas, anti-affinity and disruption budgets. */
  readonly highAvailability: boolean;
  /** Resources every release waits for (namespaces, storage class). */
  readonly prerequisites: readonly ITerraformDependable[];
}

/** Props every add-on class takes: the cluster, plus typed overrides of its defaults. */
export interface AddonProps<V> {
  readonly context: AddonContext;
  /** Merged over the add-on's exported defaults; arrays replace. */
  readonly values?: DeepPartial<V>;
}

/** The identity add-on roles are built with: Pod Identity in this cluster, IRSA where needed. */
export function workloadIdentityOf(context: AddonContext): WorkloadIdentity {
  return { clusterName: context.clusterName, oidc: context.oidc };
}
