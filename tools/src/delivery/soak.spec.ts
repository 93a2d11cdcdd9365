import { soak } from './soak';

/** A clock that moves only when the soak sleeps. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

describe('soak', () => {
  it('passes after the whole soak with no alarm firing, polling every minute', () => {
    const { clock, sleeps } = fakeClock();
    let polls = 0;
    const result = soak(
      30,
      () => {
        polls += 1;
        return [];
      },
      clock,
    );
    expect(result).toEqual({ passed: true, firing: [], waitedMinutes: 30 });
    expect(polls).toBe(31); // at the start, then after each minute
    expect(sleeps.every((ms) => ms === 60_000)).toBe(true);
  });

  it('stops at the first firing alarm and names it', () => {
    const { clock } = fakeClock();
    const result = soak(
      60,
      () => (clock.now() >= 12 * 60_000 ? ['strata-dev-use1-api-down'] : []),
      clock,
    );
    expect(result).toEqual({
      passed: false,
      firing: ['strata-dev-use1-api-down'],
      waitedMinutes: 12,
    });
  });

  it('checks once and passes at once for a zero-minute soak', () => {
    const { clock, sleeps } = fakeClock();
    expect(soak(0, () => [], clock).passed).toBe(true);
    expect(sleeps).toEqual([]);
  });
});
