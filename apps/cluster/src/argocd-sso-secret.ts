import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Naming } from '@strata/core';
import { KmsKey } from '@strata/constructs';

export interface ArgoCdSsoSecretProps {
  readonly naming: Naming;
  readonly accountId: string;
  readonly region: string;
}

/**
 * The Secrets Manager secret that holds Argo CD's OIDC client secret, under its own key. The
 * stack creates it empty: the identity provider issues the value, and an operator stores it
 * once (`aws secretsmanager put-secret-value`, README); external-secrets then delivers it.
 */
export class ArgoCdSsoSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ArgoCdSsoSecretProps) {
    super(scope, id);
    const key = new KmsKey(this, 'key', {
      description: `Argo CD SSO client secret of ${props.naming.prefix}`,
      alias: props.naming.name('argocd-sso'),
      accountId: props.accountId,
      usableOnlyVia: [`secretsmanager.${props.region}.amazonaws.com`],
    });
    this.secretName = `${props.naming.prefix}/argocd/oidc-client-secret`;
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: this.secretName,
      description: "Argo CD's OIDC client secret, from the identity provider",
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: 30,
    });
    this.secretArn = secret.arn;
  }
}
