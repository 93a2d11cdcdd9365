import { Construct, IConstruct } from 'constructs';
import {
  alarmTopicKeyStatements,
  arnOf,
  cloudTrailKeyStatement,
  cloudWatchLogsKeyStatement,
  KmsKey,
  PolicyStatement,
} from '@strata/constructs';
import { LayerStack } from '@strata/core';

/** One key per purpose, each usable by the account only through the services that need it. */
export const OBSERVABILITY_KEY_PURPOSES = ['logs', 'alerts', 'audit', 'telemetry'] as const;
export type ObservabilityKeyPurpose = (typeof OBSERVABILITY_KEY_PURPOSES)[number];

const SERVICES_OF: Readonly<Record<ObservabilityKeyPurpose, readonly string[]>> = {
  logs: ['logs'],
  alerts: ['sns'],
  audit: ['s3', 'cloudtrail'],
  telemetry: ['xray', 's3'],
};

/** Services that publish alarms, budget alerts and security findings to the alert topics. */
export const ALARM_PUBLISHERS: readonly string[] = [
  'cloudwatch.amazonaws.com',
  'budgets.amazonaws.com',
  // Security findings (GuardDuty, Security Hub) routed by EventBridge.
  'events.amazonaws.com',
];

/** AWS Config's service-linked role; it writes the Config history with the audit key. */
export function configServiceRoleArn(scope: IConstruct): string {
  return arnOf(scope, {
    service: 'iam',
    region: '',
    resource: 'role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  });
}

function serviceStatements(
  scope: IConstruct,
  purpose: ObservabilityKeyPurpose,
  region: string,
  accountId: string,
): PolicyStatement[] {
  switch (purpose) {
    case 'logs':
      return [cloudWatchLogsKeyStatement(region, accountId)];
    case 'alerts':
      return alarmTopicKeyStatements(ALARM_PUBLISHERS, accountId);
    case 'audit':
      return [
        cloudTrailKeyStatement(accountId),
        {
          Sid: 'ConfigDeliveryEncrypt',
          Effect: 'Allow',
          Principal: { AWS: configServiceRoleArn(scope) },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
        },
      ];
    case 'telemetry':
      return [];
  }
}

/** The observability layer's keys in one region, created on first use. */
export class ObservabilityKeys extends Construct {
  private readonly keys = new Map<string, KmsKey>();

  constructor(
    scope: Construct,
    id: string,
    private readonly stack: LayerStack,
  ) {
    super(scope, id);
  }

  /** The ARN of the key of `purpose` in `region` (the stack's own region by default). */
  arnOf(purpose: ObservabilityKeyPurpose, region: string = this.stack.region): string {
    return this.keyOf(purpose, region).keyArn;
  }

  /** The key of `purpose` in `region` (the stack's own region by default), created on first use. */
  keyOf(purpose: ObservabilityKeyPurpose, region: string = this.stack.region): KmsKey {
    const id = region === this.stack.region ? purpose : `${purpose}-${region}`;
    let key = this.keys.get(id);
    if (!key) {
      const env = this.stack.environment;
      key = new KmsKey(this, id, {
        provider: this.stack.providerFor(region),
        description: `observability ${purpose} key of ${env.name} (${region})`,
        // Named after this stack's region even when created elsewhere, so stacks never collide.
        alias: this.stack.naming.name(`observability-${id}`),
        accountId: env.accountId,
        usableOnlyVia: SERVICES_OF[purpose].map((service) => `${service}.${region}.amazonaws.com`),
        additionalStatements: serviceStatements(this, purpose, region, env.accountId),
      });
      this.keys.set(id, key);
    }
    return key;
  }
}
