import { onlyResource, policyOf, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { cloudWatchLogsKeyStatement, KmsKey } from './kms-key';

describe('KmsKey', () => {
  it('rotates yearly, waits 30 days before deletion and has an alias', () => {
    const stack = testStack();
    new KmsKey(stack, 'key', {
      description: 'state',
      alias: 'strata-prod-use1-tfstate',
      accountId: '333333333333',
    });
    const json = synthesizeStack(stack);
    expect(onlyResource(json, 'aws_kms_key')).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
    });
    expect(onlyResource(json, 'aws_kms_alias').name).toBe('alias/strata-prod-use1-tfstate');
  });

  it('delegates to the account and adds only the service statements asked for', () => {
    const stack = testStack();
    new KmsKey(stack, 'key', {
      description: 'logs',
      alias: 'logs',
      accountId: '333333333333',
      additionalStatements: [cloudWatchLogsKeyStatement('us-east-1', '333333333333')],
    });
    const statements = policyOf(onlyResource(synthesizeStack(stack), 'aws_kms_key')).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:333333333333:log-group:*',
        },
      },
    });
  });
});
