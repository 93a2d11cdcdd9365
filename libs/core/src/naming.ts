import { namePrefix } from '@strata/config';

/** AWS limits a generated name must respect. */
export enum NameLimit {
  /** Load balancers, target groups, ElastiCache ids. */
  SHORT = 32,
  /** IAM roles and policies, most other resources. */
  IAM = 64,
  /** S3 bucket names. */
  BUCKET = 63,
  /** CloudWatch log groups, KMS alias suffixes and other long names. */
  LONG = 255,
}

/**
 * Builds resource names as `<project>-<env>-<region code>-<purpose>`, so every name says
 * where it lives, and refuses names that would exceed an AWS limit (at synth, with the
 * offending name in the message, rather than at apply).
 */
export class Naming {
  /** `<project>-<env>-<region code>`, the start of every name. */
  readonly prefix: string;

  /** @param region The region the names are for (its code is in every name). */
  constructor(
    env: { readonly project: string; readonly name: string },
    readonly region: string,
  ) {
    this.prefix = namePrefix(env, region);
  }

  /**
   * The region's EKS cluster, named by the prefix alone: the cluster layer creates it, the
   * network layer tags its subnets for it (Karpenter's discovery tag).
   */
  get clusterName(): string {
    return this.prefix;
  }

  /** `strata-prod-use1-<purpose>`; purpose is lowercase words joined by hyphens. */
  name(purpose: string, limit: NameLimit = NameLimit.IAM): string {
    return checked(`${this.prefix}-${purpose}`, limit);
  }

  /** Globally unique bucket name: `<prefix>-<purpose>-<account id>`. */
  bucketName(purpose: string, accountId: string): string {
    const name = checked(`${this.prefix}-${purpose}-${accountId}`, NameLimit.BUCKET);
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)) {
      throw new Error(`Bucket name "${name}" may hold only lowercase letters, digits and hyphens`);
    }
    return name;
  }
}

function checked(name: string, limit: NameLimit): string {
  if (!/^[a-z0-9-]+$/.test(name)) {
    throw new Error(`Resource name "${name}" may hold only lowercase letters, digits and hyphens`);
  }
  if (name.length > limit) {
    throw new Error(
      `Resource name "${name}" is ${name.length} characters; the AWS limit is ${limit}`,
    );
  }
  return name;
}
