import { Construct } from 'constructs';
import { Fn, ref, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { IKmsKey } from '../kms/kms-key';
import { grantToRole, IRole } from '../iam/grant';

/** A region the secret is replicated to. */
export interface SecretReplica {
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** KMS key in that region. */
  readonly kmsKey: IKmsKey;
}

/** Properties of {@link GeneratedSecret}. */
export interface GeneratedSecretProps {
  /** The secret's name. */
  readonly secretName: string;
  /** What it holds. */
  readonly description: string;
  /** The KMS key that encrypts it. */
  readonly kmsKey: IKmsKey;
  /** @default 32 */
  readonly length?: number;
  /** Characters the consuming service refuses in a password. @default none */
  readonly excludeCharacters?: string;
  /** Store `{"username": ..., "password": ...}` instead of the bare password. @default bare password */
  readonly username?: string;
  /** Copies of the secret in other regions, for a failover that must not wait on this region. */
  readonly replicas?: readonly SecretReplica[];
  /**
   * Keeps the password out of Terraform's plans and state: an ephemeral resource generates
   * it and it goes only to write-only arguments (the secret's `secret_string_wo`, and the
   * consumer's, e.g. `master_password_wo`). `password` must then feed only a write-only
   * argument; the engine refuses anything else.
   * @default false (a data source: the value is in plans and state)
   */
  readonly writeOnly?: boolean;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
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
  /** The sECRet's ARN. */
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
    const generator = {
      passwordLength: props.length ?? 32,
      excludeCharacters: props.excludeCharacters,
      requireEachIncludedType: true,
    };
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
    this.password = props.writeOnly
      ? ephemeralRandomPassword(this, generator, props.provider)
      : new DataAwsSecretsmanagerRandomPassword(this, 'generated', {
          provider: props.provider,
          ...generator,
        }).randomPassword;
    const value = props.username
      ? Fn.jsonencode({ username: props.username, password: this.password })
      : this.password;
    new SecretsmanagerSecretVersion(this, 'value', {
      provider: props.provider,
      secretId: secret.id,
      // Written once (version 1); rotation writes new versions and moves the stage labels.
      ...(props.writeOnly
        ? { secretStringWo: value, secretStringWoVersion: 1 }
        : { secretString: value }),
      lifecycle: {
        ignoreChanges: props.writeOnly ? ['version_stages'] : ['secret_string', 'version_stages'],
      },
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
  /** The secret's ARN. */
  readonly secretArn: string;
  /** Lets the role read the value (and, for a secret defined here, decrypt with its key). */
  grantRead(role: IRole): void;
}

/** A secret defined elsewhere: its key is unknown, so the grant covers the secret only. */
class ImportedSecret extends Construct implements ISecret {
  constructor(
    scope: Construct,
    id: string,
    /** The secret's ARN. */
    readonly secretArn: string,
  ) {
    super(scope, id);
  }

  grantRead(role: IRole): void {
    grantToRole(role, READ_ACTIONS, [this.secretArn]);
  }
}

/**
 * Secrets Manager's generator as an ephemeral resource (Terraform >= 1.10), which cdktf 0.21
 * cannot declare: written into the stack's JSON by an override. Its value exists only while
 * the engine runs; the returned expression may be used only by write-only arguments.
 */
function ephemeralRandomPassword(
  scope: Construct,
  generator: {
    passwordLength: number;
    excludeCharacters?: string;
    requireEachIncludedType: boolean;
  },
  provider?: TerraformProvider,
): string {
  // The construct path below the stack: unique in it, and readable in the plan output.
  const stack = TerraformStack.of(scope);
  const name = scope.node.path.slice(stack.node.path.length + 1).replace(/[^A-Za-z0-9_-]/g, '_');
  stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${name}`, {
    ...(provider ? { provider: provider.fqn } : {}),
    password_length: generator.passwordLength,
    ...(generator.excludeCharacters ? { exclude_characters: generator.excludeCharacters } : {}),
    require_each_included_type: generator.requireEachIncludedType,
  });
  return Token.asString(
    ref(`ephemeral.aws_secretsmanager_random_password.${name}.random_password`, stack),
  );
}
