import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ContractValues, DataContract } from '@strata/core';
import { arnOf, IKmsKey, KmsKey } from '@strata/constructs';
import { DATA_KEY_PURPOSES, DataKeyPurpose, PLATFORM_QUEUES } from '@strata/constructs/vocabulary';

/**
 * The data layer's keys of this region as `scope` imports them from the data contract: one
 * reference per purpose, made on first use, so grants and log groups name the right key.
 */
export function dataKeys(
  scope: Construct,
  data: ContractValues<DataContract['outputs']>,
): (purpose: DataKeyPurpose) => IKmsKey {
  const imported = new Map<DataKeyPurpose, IKmsKey>();
  return (purpose) => {
    const known = imported.get(purpose);
    if (known) return known;
    const key = KmsKey.fromKeyArn(
      scope,
      `key-${purpose}`,
      Fn.element(data.dataKeyArns, DATA_KEY_PURPOSES.indexOf(purpose)),
    );
    imported.set(purpose, key);
    return key;
  };
}

/** Each platform queue's ARN in this region, in PLATFORM_QUEUES order, by the names the data contract reports. */
export function platformQueueArns(
  scope: Construct,
  data: ContractValues<DataContract['outputs']>,
  where: { readonly region: string; readonly accountId: string },
): string[] {
  return PLATFORM_QUEUES.map((_queue, index) =>
    arnOf(scope, {
      service: 'sqs',
      region: where.region,
      account: where.accountId,
      resource: Fn.element(data.queueNames, index),
    }),
  );
}
