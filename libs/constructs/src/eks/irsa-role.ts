import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { policyDocument } from '../iam/policy-document';
import { ServiceRole, ServiceRoleProps } from '../iam/service-role';

/** The cluster's OIDC identity, as the cluster contract exports it. */
export interface ClusterOidc {
  /** The IAM OIDC provider's ARN. */
  readonly providerArn: string;
  /** Issuer URL with `https://`. */
  readonly issuerUrl: string;
}

/** A ServiceRole whose trust policy is derived from the service account it serves. */
export interface IrsaRoleProps extends Omit<ServiceRoleProps, 'assumeRolePolicy'> {
  /** The cluster's OIDC provider. */
  readonly oidc: ClusterOidc;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
}

/**
 * IAM role for one Kubernetes service account (IRSA). The trust policy pins both the
 * audience and the exact `system:serviceaccount:<namespace>:<name>` subject, so no other
 * pod in the cluster can assume it.
 */
export class IrsaRole extends ServiceRole {
  /** Annotation value for `eks.amazonaws.com/role-arn`. */
  readonly serviceAccountAnnotation: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    const { oidc, namespace, serviceAccount, ...roleProps } = props;
    super(scope, id, {
      ...roleProps,
      assumeRolePolicy: irsaTrustPolicy(oidc, namespace, serviceAccount),
    });
    this.serviceAccountAnnotation = { 'eks.amazonaws.com/role-arn': this.roleArn };
  }
}

/** The trust policy of a role one service account assumes through the cluster's OIDC provider. */
export function irsaTrustPolicy(
  oidc: ClusterOidc,
  namespace: string,
  serviceAccount: string,
): string {
  const issuer = Fn.replace(oidc.issuerUrl, 'https://', '');
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Federated: oidc.providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${issuer}:aud`]: 'sts.amazonaws.com',
          [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
        },
      },
    },
  ]);
}
