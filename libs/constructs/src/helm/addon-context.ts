import { IConstruct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { ClusterOidc } from '../eks/irsa-role';
import type { WorkloadIdentity } from '../eks/workload-role';
import type { ICluster } from '../eks/cluster-reference';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { readable } from '../validation/readable';
import { eksRelease, EksRelease } from '../vocabulary/eks-release';
import { DeepPartial } from './values';

/** What every add-on needs to know about the cluster it is installed into. */
export interface AddonContext {
  /** The Helm provider of the cluster the releases go to. */
  readonly helmProvider: HelmProvider;
  /** Provider for the add-on's AWS resources (IRSA roles, KMS keys). */
  readonly awsProvider: AwsProvider;
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** The versions bound to that Kubernetes release (one row of the config's release table). */
  readonly release: EksRelease;
  /** The AWS account ID. */
  readonly accountId: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The VPC the cluster runs in. */
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

/** What `addonContextOf` needs beyond the cluster. */
export interface ClusterAddonContextOptions {
  /** Connected to the cluster (`ClusterConnection.helmProvider`). */
  readonly helmProvider: HelmProvider;
  /** Provider for the add-ons' AWS resources. */
  readonly awsProvider: AwsProvider;
  /**
   * What must run before any release: at least one node group (a release waits for its pods,
   * which need a node) and what the nodes need to be ready (the managed networking add-ons).
   */
  readonly nodes: readonly ITerraformDependable[];
  /** Replicas, anti-affinity and disruption budgets. @default false */
  readonly highAvailability?: boolean;
  /** More resources every release waits for (namespaces, a storage class). @default none */
  readonly prerequisites?: readonly ITerraformDependable[];
  /** The versions add-ons pin. @default the release row of the cluster's Kubernetes version */
  readonly release?: EksRelease;
}

/**
 * The context add-ons take, from the cluster and its nodes: name, version, VPC and IRSA
 * identity from the cluster, account and region from the stack, and every release waiting
 * for the nodes. Refuses an empty `nodes`, so no release can start on a cluster with none.
 */
export function addonContextOf(
  scope: IConstruct,
  cluster: ICluster,
  options: ClusterAddonContextOptions,
): AddonContext {
  if (options.nodes.length === 0)
    throw new Error(
      `addonContextOf(${readable(cluster.clusterName)}): nodes is empty; a Helm release waits for its pods, which need a node, so name the node group(s) every release waits for`,
    );
  const { account, region } = awsEnvironmentOf(scope);
  return {
    helmProvider: options.helmProvider,
    awsProvider: options.awsProvider,
    clusterName: cluster.clusterName,
    kubernetesVersion: cluster.kubernetesVersion,
    release: options.release ?? eksRelease(cluster.kubernetesVersion),
    accountId: account,
    region,
    vpcId: cluster.vpcId,
    oidc: cluster.oidc,
    highAvailability: options.highAvailability ?? false,
    prerequisites: [...options.nodes, ...(options.prerequisites ?? [])],
  };
}

/** Props every add-on class takes: the cluster, plus typed overrides of its defaults. */
export interface AddonProps<V> {
  /** The cluster the add-on is installed in (see `addonContextOf`). */
  readonly context: AddonContext;
  /** Merged over the add-on's exported defaults; arrays replace. */
  readonly values?: DeepPartial<V>;
}

/** The identity add-on roles are built with: Pod Identity in this cluster, IRSA where needed. */
export function workloadIdentityOf(context: AddonContext): WorkloadIdentity {
  return { clusterName: context.clusterName, oidc: context.oidc };
}
