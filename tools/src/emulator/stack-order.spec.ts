import { downstreamStacks, runInOrder, upstreamStacks } from './stack-order';

/** The local environment's shape: who reads whose state (as the synthesized stacks do). */
const backends: Record<string, { stateKey: string; readsKeys: string[] }> = {
  network: { stateKey: 'network', readsKeys: [] },
  cluster: { stateKey: 'cluster', readsKeys: ['network'] },
  data: { stateKey: 'data', readsKeys: ['network'] },
  edge: { stateKey: 'edge', readsKeys: ['network', 'cluster', 'data'] },
  observability: { stateKey: 'observability', readsKeys: ['cluster', 'data', 'edge', 'elsewhere'] },
};
const stacks = Object.keys(backends);
const upstream = upstreamStacks(stacks, (stack) => backends[stack]);

/** Runs the nodes with tasks that take `ms` each, recording when each starts and ends. */
async function timeline(
  after: (node: string) => readonly string[],
  outcome: (node: string) => boolean = () => true,
  stopOnFailure = true,
) {
  const events: string[] = [];
  const results = await runInOrder(
    stacks,
    after,
    async (node) => {
      events.push(`start ${node}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${node}`);
      return outcome(node);
    },
    { stopOnFailure },
  );
  return { events, results };
}

describe('stack order', () => {
  it('derives who must apply first from the state each stack reads, ignoring states outside the run', () => {
    expect(upstream.get('edge')).toEqual(['network', 'cluster', 'data']);
    expect(upstream.get('observability')).toEqual(['cluster', 'data', 'edge']);
    expect(downstreamStacks(upstream).get('network')).toEqual(['cluster', 'data', 'edge']);
    expect(downstreamStacks(upstream).get('observability')).toEqual([]);
  });

  it('takes a stack with local state (the bootstrap) as read by nobody', () => {
    const withBootstrap = upstreamStacks(['state', ...stacks], (stack) =>
      stack === 'state' ? { readsKeys: [] } : backends[stack],
    );
    expect(withBootstrap.get('state')).toEqual([]);
    expect(withBootstrap.get('cluster')).toEqual(['network']);
  });

  it('starts a stack only after all it reads finished, and independent stacks side by side', async () => {
    const { events } = await timeline((node) => upstream.get(node) ?? []);
    const at = (event: string) => events.indexOf(event);
    expect(at('start cluster')).toBeGreaterThan(at('end network'));
    // cluster and data read only network: both start before either ends.
    expect(Math.max(at('start cluster'), at('start data'))).toBeLessThan(
      Math.min(at('end cluster'), at('end data')),
    );
    expect(at('start edge')).toBeGreaterThan(Math.max(at('end cluster'), at('end data')));
    expect(at('start observability')).toBeGreaterThan(at('end edge'));
  });

  it('destroys in the reverse order: a stack goes once every reader of its state is gone', async () => {
    const readers = downstreamStacks(upstream);
    const { events } = await timeline((node) => readers.get(node) ?? []);
    const at = (event: string) => events.indexOf(event);
    expect(at('start edge')).toBeGreaterThan(at('end observability'));
    expect(at('start network')).toBeGreaterThan(Math.max(at('end cluster'), at('end data')));
  });

  it('does not run what builds on a failure, but runs everything else', async () => {
    const { results, events } = await timeline(
      (node) => upstream.get(node) ?? [],
      (node) => node !== 'data',
    );
    expect(Object.fromEntries(results)).toEqual({
      network: 'passed',
      cluster: 'passed',
      data: 'failed',
      edge: 'not-run',
      observability: 'not-run',
    });
    expect(events).not.toContain('start edge');
  });

  it('still runs every task when failures do not stop the run (a destroy removes what it can)', async () => {
    const readers = downstreamStacks(upstream);
    const { results } = await timeline(
      (node) => readers.get(node) ?? [],
      (node) => node !== 'edge',
      false,
    );
    expect(results.get('network')).toBe('passed');
    expect(results.get('edge')).toBe('failed');
  });

  it('refuses stacks that read each other in a cycle before running any', async () => {
    const task = jest.fn(async () => true);
    await expect(
      runInOrder(['a', 'b'], (node) => (node === 'a' ? ['b'] : ['a']), task, {
        stopOnFailure: true,
      }),
    ).rejects.toThrow(/cycle: a -> b -> a/);
    expect(task).not.toHaveBeenCalled();
  });
});
