import { ownLeakedLock } from './leaked-lock';

/** The engine's refusal, as the edge re-plan printed it in CI. */
const refusal = (id: string, created: string) => `
Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error
StatusCode: 400, RequestID: JyvnsaA0UAP0EUwmNdxol7mefCBBMfJYuLVxsImvRPCQNxBfGpZS,
ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        ${id}
  Path:      strata-local-use1-tfstate-123456789012/edge/local/us-east-1/terraform.tfstate
  Operation: OperationTypePlan
  Who:       root@vm
  Version:   1.11.4
  Created:   ${created}
  Info:      
`;

const started = Date.parse('2026-12-07T07:26:26.500Z');

describe('ownLeakedLock', () => {
  it('names the lock a command could not take although it made it itself', () => {
    const output = refusal(
      'a0d63383-1703-151d-b1b0-92d8cffe1087',
      '2026-12-07 07:26:26.905580186 +0000 UTC',
    );
    expect(ownLeakedLock(['plan', '-input=false'], output, started)).toBe(
      'a0d63383-1703-151d-b1b0-92d8cffe1087',
    );
    expect(ownLeakedLock(['destroy', '-auto-approve'], output, started)).toBe(
      'a0d63383-1703-151d-b1b0-92d8cffe1087',
    );
  });

  it('leaves a lock another run held before this one started', () => {
    const output = refusal('b1', '2026-12-07 07:26:20.000000000 +0000 UTC');
    expect(ownLeakedLock(['plan'], output, started)).toBeUndefined();
  });

  it('leaves a lock object with no engine lock info (the failover check holds one so)', () => {
    const output = 'Error: Error acquiring the state lock\n\nLock Info:\n  ID:        held\n';
    expect(ownLeakedLock(['plan'], output, started)).toBeUndefined();
  });

  it('reads only commands that take the lock, and only their refusals', () => {
    const output = refusal('c1', '2026-12-07 07:26:27.000000000 +0000 UTC');
    expect(ownLeakedLock(['show', '-json'], output, started)).toBeUndefined();
    expect(ownLeakedLock(['plan'], 'Plan: 0 to add', started)).toBeUndefined();
  });
});
