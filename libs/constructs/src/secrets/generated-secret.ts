import { Construct } from 'constructs';
import { Fn, TerraformProvider } from 'cdktf';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { IKmsKey } from '../kms/kms-key';
import { grantToRole, IRole } from '../iam/grant';

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
export class GeneratedSecret extends Construct implements ISecret {
  readonly secretArn: string;
  /** The generated value, for the consuming resource's first create. */
  readonly password: string;
  /** The secret resource (escape hatch). */
  readonly secret: SecretsmanagerSecret;
  private readonly kmsKey: IKmsKey;

  /** A reference to a secret by ARN, e.g. from a layer contract. */
  static fromSecretArn(scope: Construct, id: string, secretArn: string): ISecret {
    return new ImportedSecret(scope, id, secretArn);
  }

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.kmsKey = props.kmsKey;
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
      // Rotation writes new versions and moves the stage labels; Terraform only seeds the first.
      lifecycle: { ignoreChanges: ['secret_string', 'version_stages'] },
    });
    this.secret = secret;
    this.node.defaultChild = secret;
    this.secretArn = secret.arn;
  }

  grantRead(role: IRole): void {
    grantToRole(role, READ_ACTIONS, [this.secretArn]);
    this.kmsKey.grantDecrypt(role);
  }
}

const READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/** A secret that grants give a role read access to: defined here or imported. */
export interface ISecret {
  readonly secretArn: string;
  /** Lets the role read the value (and, for a secret defined here, decrypt with its key). */
  grantRead(role: IRole): void;
}

/** A secret defined elsewhere: its key is unknown, so the grant covers the secret only. */
class ImportedSecret extends Construct implements ISecret {
  constructor(
    scope: Construct,
    id: string,
    readonly secretArn: string,
  ) {
    super(scope, id);
  }

  grantRead(role: IRole): void {
    grantToRole(role, READ_ACTIONS, [this.secretArn]);
  }
}
