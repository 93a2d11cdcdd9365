import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCrossProcessLock } from './cross-process-lock';

describe('withCrossProcessLock', () => {
  it('runs holders one at a time and releases the lock after each', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'strata-lock-')), 'lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withCrossProcessLock(lock, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([holder('a'), holder('b')]);
    expect(results).toEqual(['a', 'b']);
    // Never two "in" in a row: the second waits for the first to leave.
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('releases the lock when the work throws', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'strata-lock-')), 'lock');
    await expect(
      withCrossProcessLock(lock, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withCrossProcessLock(lock, async () => 'again')).resolves.toBe('again');
  });
});
