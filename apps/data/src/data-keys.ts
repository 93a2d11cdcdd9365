import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EnvironmentConfig } from '@strata/config';
import { Naming } from '@strata/core';
import {
  cloudFrontOriginAccess,
  cloudWatchLogsKeyStatement,
  KmsKey,
  PolicyStatement,
} from '@strata/constructs';
import { DATA_KEY_PURPOSES, DataKeyPurpose } from '@strata/constructs/vocabulary';

export { DATA_KEY_PURPOSES };
export type { DataKeyPurpose };

/** The AWS services allowed to use each key on a caller's behalf (kms:ViaService). */
const SERVICES_OF: Readonly<Record<DataKeyPurpose, readonly string[]>> = {
  database: ['rds', 'secretsmanager'],
  cache: ['elasticache', 'dax', 'secretsmanager'],
  storage: ['s3', 'dynamodb'],
  search: ['es'],
  streaming: ['kafka', 'sqs'],
  backup: ['backup'],
  // Log groups, and the environment of the credential rotation functions that log there.
  logs: ['logs', 'lambda'],
};

export interface DataKeysProps {
  readonly environment: EnvironmentConfig;
  readonly naming: Naming;
  readonly region: string;
  /** Alias and description word, e.g. `data-replica` for keys owned by the other region's stack. @default 'data' */
  readonly aliasPrefix?: string;
  /** Only these purposes (e.g. for the replica side in another region). @default all */
  readonly purposes?: readonly DataKeyPurpose[];
  readonly provider?: TerraformProvider;
}

/** The data layer's customer-managed keys of one region, rotating, usable only through their services. */
export class DataKeys extends Construct {
  private readonly keys = new Map<DataKeyPurpose, KmsKey>();

  constructor(scope: Construct, id: string, props: DataKeysProps) {
    super(scope, id);
    const env = props.environment;
    const prefix = props.aliasPrefix ?? 'data';
    for (const purpose of props.purposes ?? DATA_KEY_PURPOSES) {
      this.keys.set(
        purpose,
        new KmsKey(this, purpose, {
          provider: props.provider,
          description: `${prefix} ${purpose} key of ${env.name} (${props.region})`,
          alias: props.naming.name(`${prefix}-${purpose}`),
          accountId: env.accountId,
          usableOnlyVia: SERVICES_OF[purpose].map(
            (service) => `${service}.${props.region}.amazonaws.com`,
          ),
          additionalStatements: serviceStatementsOf(purpose, props.region, env.accountId),
        }),
      );
    }
    // The edge layer's CloudFront distribution reads SSE-KMS static assets through OAC.
    const storage = this.keys.get('storage');
    if (storage) {
      storage.grantDecrypt(cloudFrontOriginAccess(this), {
        sid: 'CloudFrontOriginAccessControlDecrypt',
      });
    }
  }

  /** The key of one purpose; throws if this set was created without it. */
  keyOf(purpose: DataKeyPurpose): KmsKey {
    const key = this.keys.get(purpose);
    if (!key) throw new Error(`DataKeys has no "${purpose}" key in this region`);
    return key;
  }

  /** The ARN of the key of one purpose (for contracts and policies). */
  arnOf(purpose: DataKeyPurpose): string {
    return this.keyOf(purpose).keyArn;
  }

  /** Every key's ARN, in DATA_KEY_PURPOSES order. */
  get allArns(): string[] {
    return [...this.keys.values()].map((key) => key.keyArn);
  }
}

/** Key-policy statements for AWS services that use a key as themselves, not for a caller. */
function serviceStatementsOf(
  purpose: DataKeyPurpose,
  region: string,
  accountId: string,
): PolicyStatement[] {
  switch (purpose) {
    case 'logs':
      return [cloudWatchLogsKeyStatement(region, accountId)];
    default:
      return [];
  }
}
