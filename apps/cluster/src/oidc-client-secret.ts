import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Naming } from '@strata/core';
import { KmsKey } from '@strata/constructs';

export interface OidcClientSecretProps {
  readonly naming: Naming;
  readonly accountId: string;
  readonly region: string;
  /** The signing-in application's short name (`argocd`, `grafana`): key alias and secret path. */
  readonly application: string;
  /** Its name in descriptions, e.g. `Argo CD`. */
  readonly displayName: string;
}

/**
 * The Secrets Manager secret that holds one application's OIDC client secret, under its own
 * key. The stack creates it empty: the identity provider issues the value, and an operator
 * stores it once (`aws secretsmanager put-secret-value`, README); external-secrets then
 * delivers it into the cluster.
 */
export class OidcClientSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: OidcClientSecretProps) {
    super(scope, id);
    const key = new KmsKey(this, 'key', {
      description: `${props.displayName} SSO client secret of ${props.naming.prefix}`,
      alias: props.naming.name(`${props.application}-sso`),
      accountId: props.accountId,
      usableOnlyVia: [`secretsmanager.${props.region}.amazonaws.com`],
    });
    this.secretName = `${props.naming.prefix}/${props.application}/oidc-client-secret`;
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: this.secretName,
      description: `${props.displayName}'s OIDC client secret, from the identity provider`,
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: 30,
    });
    this.secretArn = secret.arn;
  }
}
