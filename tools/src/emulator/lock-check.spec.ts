import { LockObservation, lockingFailures } from './lock-check';

const behaved: LockObservation = {
  stateBefore: '{"serial":3}',
  stateAfter: '{"serial":3}',
  lockHeldByFirst: true,
  lockReleasedAfter: true,
  second: { code: 1, output: 'Error: Error acquiring the state lock\n...' },
  firstCancelled: true,
};

describe('lockingFailures', () => {
  it('passes a run that was refused while the lock was held, with the state untouched', () => {
    expect(lockingFailures(behaved)).toEqual([]);
  });

  it('fails when the second run got through or failed for another reason', () => {
    expect(lockingFailures({ ...behaved, second: { code: 0, output: 'No changes.' } })).toEqual([
      'the second run was not refused with the lock error (exit 0)',
    ]);
    expect(
      lockingFailures({ ...behaved, second: { code: 1, output: 'Error: Unsupported argument' } }),
    ).toEqual(['the second run was not refused with the lock error (exit 1)']);
  });

  it('fails when the state changed, was missing, or the lock was never taken or never released', () => {
    expect(lockingFailures({ ...behaved, stateAfter: '{"serial":4}' })).toEqual([
      'the state object changed',
    ]);
    expect(lockingFailures({ ...behaved, stateBefore: undefined })).toEqual([
      'there was no state object to protect',
    ]);
    expect(
      lockingFailures({ ...behaved, lockHeldByFirst: false, lockReleasedAfter: false }),
    ).toEqual([
      'the lock table held no lock for the state while the first run waited',
      'the lock was not released afterwards',
    ]);
  });
});
