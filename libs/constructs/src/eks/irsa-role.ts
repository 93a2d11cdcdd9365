import { Construct } from 'constructs';
import { Fn, TerraformProvider } from 'cdktf';
import { policyDocument, PolicyStatement } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';

/** The cluster's OIDC identity, as the cluster contract exports it. */
export interface ClusterOidc {
  readonly providerArn: string;
  /** Issuer URL with `https://`. */
  readonly issuerUrl: string;
}

export interface IrsaRoleProps {
  readonly roleName: string;
  readonly oidc: ClusterOidc;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly statements?: readonly PolicyStatement[];
  readonly managedPolicyArns?: readonly string[];
  readonly provider?: TerraformProvider;
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
    super(scope, id, {
      roleName: props.roleName,
      assumeRolePolicy: irsaTrustPolicy(props.oidc, props.namespace, props.serviceAccount),
      statements: props.statements,
      managedPolicyArns: props.managedPolicyArns,
      provider: props.provider,
    });
    this.serviceAccountAnnotation = { 'eks.amazonaws.com/role-arn': this.roleArn };
  }
}

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
