/**
 * Stacks in dependency order, concurrently where they allow it: most of an apply or destroy is
 * the provider waiting (a fixed minute before it polls an RDS instance, two before it trusts
 * that a queue or a transit gateway is gone), so stacks that do not read each other's state
 * wait side by side instead of one after another.
 */

/** What a stack reads and where it keeps its state, from its synthesized JSON. */
export interface StackBackends {
  /** The state key of the stack's own S3 backend (none for the bootstrap's local state). */
  readonly stateKey?: string;
  /** The state keys of the stacks its `terraform_remote_state` data sources read. */
  readonly readsKeys: readonly string[];
}

/** For each stack, the stacks among `stacks` whose state it reads (they must apply first). */
export function upstreamStacks<T>(
  stacks: readonly T[],
  backendsOf: (stack: T) => StackBackends,
): Map<T, T[]> {
  const byKey = new Map<string, T>();
  for (const stack of stacks) {
    const key = backendsOf(stack).stateKey;
    if (key !== undefined) byKey.set(key, stack);
  }
  return new Map(
    stacks.map((stack) => [
      stack,
      backendsOf(stack)
        .readsKeys.map((key) => byKey.get(key))
        .filter((upstream): upstream is T => upstream !== undefined && upstream !== stack),
    ]),
  );
}

/** The reverse of `upstreamStacks`: for each stack, the stacks that read its state. */
export function downstreamStacks<T>(upstream: ReadonlyMap<T, readonly T[]>): Map<T, T[]> {
  const downstream = new Map<T, T[]>([...upstream.keys()].map((stack) => [stack, []]));
  for (const [stack, reads] of upstream) {
    for (const read of reads) downstream.get(read)?.push(stack);
  }
  return downstream;
}

/** How a stack's turn ended: its task ran and passed or failed, or it never ran. */
export type TurnResult = 'passed' | 'failed' | 'not-run';

/**
 * Runs `task` for every node once every node in `after(node)` has finished; nodes with
 * nothing between them run concurrently. With `stopOnFailure`, a node whose prerequisite
 * failed or did not run is not run either (an apply cannot build on a failed one); without it
 * every node runs (a destroy still removes what it can). A cycle is an error before anything runs.
 */
export async function runInOrder<T>(
  nodes: readonly T[],
  after: (node: T) => readonly T[],
  task: (node: T) => Promise<boolean>,
  options: { stopOnFailure: boolean },
): Promise<Map<T, TurnResult>> {
  assertAcyclic(nodes, after);
  const turns = new Map<T, Promise<TurnResult>>();
  const turnOf = (node: T): Promise<TurnResult> => {
    let turn = turns.get(node);
    if (!turn) {
      turn = Promise.all(
        after(node)
          .filter((n) => nodes.includes(n))
          .map(turnOf),
      ).then(async (before) => {
        if (options.stopOnFailure && before.some((result) => result !== 'passed')) {
          return 'not-run';
        }
        return (await task(node)) ? 'passed' : 'failed';
      });
      turns.set(node, turn);
    }
    return turn;
  };
  const results = await Promise.all(nodes.map(turnOf));
  return new Map(nodes.map((node, index) => [node, results[index]]));
}

function assertAcyclic<T>(nodes: readonly T[], after: (node: T) => readonly T[]): void {
  const done = new Set<T>();
  const visiting = new Set<T>();
  const visit = (node: T, path: T[]) => {
    if (done.has(node)) return;
    if (visiting.has(node)) {
      throw new Error(
        `the stacks read each other's state in a cycle: ${[...path, node].join(' -> ')}`,
      );
    }
    visiting.add(node);
    for (const next of after(node)) if (nodes.includes(next)) visit(next, [...path, node]);
    visiting.delete(node);
    done.add(node);
  };
  for (const node of nodes) visit(node, []);
}
