import { ChildProcess } from 'node:child_process';
import { StackSession } from './stack-session';

export interface LockObservation {
  /** The state object's body before the lock was taken. */
  readonly stateBefore: string | undefined;
  readonly stateAfter: string | undefined;
  /** Whether the lock table held the state's lock while the first run waited. */
  readonly lockHeldByFirst: boolean;
  readonly lockReleasedAfter: boolean;
  /** Exit code and output of the second run, which must be refused. */
  readonly second: { readonly code: number; readonly output: string };
  readonly firstCancelled: boolean;
}

export interface LockProbe {
  readonly readState: () => Promise<string | undefined>;
  /** Whether the lock table holds the lock of this stack's state. */
  readonly lockHeld: () => Promise<boolean>;
}

const PROMPT = 'Enter a value:';
const PROMPT_TIMEOUT_MS = 5 * 60_000;

/**
 * Holds the state lock with one real engine process (a `destroy` waiting at its approval
 * prompt, after it has locked the state) and starts a second run against the same state.
 * The first is then answered "no", so nothing changes.
 */
export async function observeStateLocking(
  session: StackSession,
  probe: LockProbe,
): Promise<LockObservation> {
  const stateBefore = await probe.readState();
  let holder: ChildProcess | undefined;
  let holderOutput = '';
  const first = session.run(['destroy', '-input=true'], {
    env: { TF_INPUT: '1' },
    onStart: (child) => {
      holder = child;
      child.stdout?.on('data', (chunk) => (holderOutput += chunk));
    },
  });
  const deadline = Date.now() + PROMPT_TIMEOUT_MS;
  while (!holderOutput.includes(PROMPT)) {
    if (Date.now() > deadline || holder?.exitCode !== null) {
      holder?.kill('SIGINT');
      const result = await first;
      throw new Error(`the first run never reached its prompt:\n${result.stderr}${result.stdout}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const lockHeldByFirst = await probe.lockHeld();
  const second = await session.run(['plan', '-input=false', '-lock-timeout=0s']);
  holder?.stdin?.end('no\n');
  const firstResult = await first;
  return {
    stateBefore,
    stateAfter: await probe.readState(),
    lockHeldByFirst,
    lockReleasedAfter: !(await probe.lockHeld()),
    second: { code: second.code, output: `${second.stderr}${second.stdout}` },
    firstCancelled: /Destroy cancelled/.test(firstResult.stdout + firstResult.stderr),
  };
}

/** What is wrong with a locking observation; empty when locking behaved. */
export function lockingFailures(observation: LockObservation): string[] {
  const failures: string[] = [];
  if (!observation.lockHeldByFirst)
    failures.push('the lock table held no lock for the state while the first run waited');
  if (
    observation.second.code === 0 ||
    !/Error acquiring the state lock/.test(observation.second.output)
  )
    failures.push(
      `the second run was not refused with the lock error (exit ${observation.second.code})`,
    );
  if (!observation.firstCancelled) failures.push('the first run did not end cancelled');
  if (observation.stateBefore === undefined) failures.push('there was no state object to protect');
  else if (observation.stateAfter !== observation.stateBefore)
    failures.push('the state object changed');
  if (!observation.lockReleasedAfter) failures.push('the lock was not released afterwards');
  return failures;
}
