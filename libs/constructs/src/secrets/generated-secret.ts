import { Construct } from 'constructs';
import { Fn, TerraformProvider } from 'cdktf';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { IKmsKey } from '../kms/kms-key';

export interface SecretReplica {
  readonly region: string;
  /** KMS key in that region. */
  readonly kmsKey: IKmsKey;
}

export interface GeneratedSecretProps {
  readonly secretName: string;
  readonly description: string;
  readonly kmsKey: IKmsKey;
  /** @default 32 */
  readonly length?: number;
  /** Characters the consuming service refuses in a password. @default none */
  readonly excludeCharacters?: string;
  /** Store `{"username": ..., "password": ...}` instead of the bare password. @default bare password */
  readonly username?: string;
  /** Copies of the secret in other regions, for a failover that must not wait on this region. */
  readonly replicas?: readonly SecretReplica[];
  readonly provider?: TerraformProvider;
}

/**
 * A Secrets Manager secret holding a password Secrets Manager generated, for services that
 * need a password passed in (Aurora global databases, Redis AUTH) and cannot manage it
 * themselves. The generator yields a new value on every plan, so the stored value and the
 * consumer's copy are written once and then ignored: `password` must only feed an argument
 * whose changes the consumer also ignores. Rotate by replacing the version resource.
 */
export class GeneratedSecret extends Construct {
  readonly secretArn: string;
  /** The generated value, for the consuming resource's first create. */
  readonly password: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    const generated = new DataAwsSecretsmanagerRandomPassword(this, 'generated', {
      provider: props.provider,
      passwordLength: props.length ?? 32,
      excludeCharacters: props.excludeCharacters,
      requireEachIncludedType: true,
    });
    const secret = new SecretsmanagerSecret(this, 'secret', {
      provider: props.provider,
      name: props.secretName,
      description: props.description,
      kmsKeyId: props.kmsKey.keyArn,
      recoveryWindowInDays: 30,
      replica: (props.replicas ?? []).map((replica) => ({
        region: replica.region,
        kmsKeyId: replica.kmsKey.keyArn,
      })),
    });
    this.password = generated.randomPassword;
    new SecretsmanagerSecretVersion(this, 'value', {
      provider: props.provider,
      secretId: secret.id,
      secretString: props.username
        ? Fn.jsonencode({ username: props.username, password: this.password })
        : this.password,
      lifecycle: { ignoreChanges: ['secret_string'] },
    });
    this.secretArn = secret.arn;
  }
}
