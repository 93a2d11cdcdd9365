import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { policyDocument } from '../iam/policy-document';
import { ServiceRole, ServiceRoleProps } from '../iam/service-role';
import { arnOf } from '../scope/aws-environment';

/** The EKS service principal that the Pod Identity agent assumes roles through. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** Properties of {@link PodIdentityRole}. */
export interface PodIdentityRoleProps extends Omit<ServiceRoleProps, 'assumeRolePolicy'> {
  /** The cluster whose pods may assume the role (the association and the trust name it). */
  readonly clusterName: string;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /**
   * Create the association here. An EKS managed add-on binds its role itself (its
   * `pod_identity_association`), so EKS keeps it with the add-on.
   * @default true
   */
  readonly associate?: boolean;
}

/**
 * IAM role for one Kubernetes service account through EKS Pod Identity: no OIDC provider and
 * no service-account annotation. The association binds the role to exactly
 * `<namespace>/<serviceAccount>` in one cluster, and the trust policy admits the Pod Identity
 * service only with that cluster's, namespace's and service account's session tags.
 */
export class PodIdentityRole extends ServiceRole {
  /** The association that binds the role to the service account (none until a cluster is given). */
  readonly association?: EksPodIdentityAssociation;
  /** The one service account whose pods may assume the role. */
  readonly serviceAccount: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    const { clusterName, namespace, serviceAccount, associate = true, ...roleProps } = props;
    const clusterArn = arnOf(scope, { service: 'eks', resource: `cluster/${clusterName}` });
    super(scope, id, {
      ...roleProps,
      assumeRolePolicy: podIdentityTrustPolicy({
        clusterArn,
        namespace,
        serviceAccount,
      }),
    });
    this.serviceAccount = serviceAccount;
    if (!associate) return;
    this.association = new EksPodIdentityAssociation(this, 'association', {
      provider: props.provider,
      clusterName,
      namespace,
      serviceAccount,
      roleArn: this.roleArn,
    });
    this.resources.push(this.association);
  }
}

/**
 * Pod Identity's trust: the service, with the session tags it sets for the one cluster,
 * namespace and service account (the conditions AWS documents for it), so another
 * association cannot use the role, even in the same account.
 */
export function podIdentityTrustPolicy(subject: {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
}): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_PRINCIPAL },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': subject.clusterArn,
          'aws:RequestTag/kubernetes-namespace': subject.namespace,
          'aws:RequestTag/kubernetes-service-account': subject.serviceAccount,
        },
      },
    },
  ]);
}
