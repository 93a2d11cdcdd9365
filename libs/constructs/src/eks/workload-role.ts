import { Construct } from 'constructs';
import { ServiceRole, ServiceRoleProps } from '../iam/service-role';
import { ClusterOidc, IrsaRole } from './irsa-role';
import { PodIdentityRole } from './pod-identity-role';

/** How a cluster's workloads get AWS credentials. */
export interface WorkloadIdentity {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The cluster's OIDC provider; only roles that must use IRSA need it. @default none */
  readonly oidc?: ClusterOidc;
}

/** Properties of a role a Kubernetes service account assumes (Pod Identity or IRSA). */
export interface WorkloadRoleProps extends Omit<ServiceRoleProps, 'assumeRolePolicy'> {
  /** How the cluster's workloads get AWS credentials. */
  readonly identity: WorkloadIdentity;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /**
   * Why this workload cannot use EKS Pod Identity (its SDK has no container credential
   * provider, it exchanges the token itself, ...); set only then.
   * @default Pod Identity
   */
  readonly irsaReason?: string;
}

/**
 * The role one service account's pods use: EKS Pod Identity (an association, no OIDC
 * provider, no annotation), or IRSA where `irsaReason` says Pod Identity cannot serve it.
 */
export function workloadRole(
  scope: Construct,
  id: string,
  props: WorkloadRoleProps,
): {
  /** The role. */
  role: ServiceRole;
  /** Annotations the service account needs (the role's ARN with IRSA, none with Pod Identity). */
  serviceAccountAnnotations: Readonly<Record<string, string>>;
} {
  const { identity, irsaReason, ...roleProps } = props;
  if (irsaReason === undefined) {
    const role = new PodIdentityRole(scope, id, {
      ...roleProps,
      clusterName: identity.clusterName,
    });
    return { role, serviceAccountAnnotations: {} };
  }
  if (!identity.oidc) {
    throw new Error(
      `Role "${props.roleName}" for ${props.namespace}/${props.serviceAccount} needs IRSA (${irsaReason}), but cluster ${identity.clusterName} has no OIDC provider: set cluster.oidcProvider: true`,
    );
  }
  const role = new IrsaRole(scope, id, { ...roleProps, oidc: identity.oidc });
  return { role, serviceAccountAnnotations: role.serviceAccountAnnotation };
}
