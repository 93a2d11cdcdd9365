import { onlyResource, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { KmsKey } from '../kms/kms-key';
import { StateLockTable } from './lock-table';

describe('StateLockTable', () => {
  it('is the LockID table Terraform expects, on demand, recoverable, encrypted and protected', () => {
    const stack = testStack();
    new StateLockTable(stack, 'lock', {
      tableName: 'strata-prod-use1-tflock',
      kmsKey: KmsKey.fromKeyArn(stack, 'key', 'arn:key'),
    });
    expect(onlyResource(synthesizeStack(stack), 'aws_dynamodb_table')).toMatchObject({
      name: 'strata-prod-use1-tflock',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: 'arn:key' },
      deletion_protection_enabled: true,
    });
  });
});
