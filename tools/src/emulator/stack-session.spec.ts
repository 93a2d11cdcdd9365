import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Toolchain } from '../validate/toolchain';
import type { FlowStack } from './flow-plan';
import { StackSession } from './stack-session';

/**
 * An engine stand-in that refuses its first plan with a lock made that very moment (as the
 * engine does when a retried PutItem finds its own first attempt), records every call, and
 * plans cleanly once the lock is force-unlocked.
 */
function fakeEngine(dir: string): string {
  const engine = join(dir, 'terraform');
  writeFileSync(
    engine,
    `#!/bin/sh
echo "$*" >> "${join(dir, 'calls')}"
case "$1" in
  force-unlock) touch "${join(dir, 'unlocked')}"; exit 0 ;;
  plan)
    if [ -e "${join(dir, 'unlocked')}" ]; then echo "No changes."; exit 0; fi
    created=$(date -u +"%Y-%m-%d %H:%M:%S.%N +0000 UTC")
    cat >&2 <<EOF2
Error: Error acquiring the state lock

ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        own-lock
  Operation: OperationTypePlan
  Created:   $created
EOF2
    exit 1 ;;
esac
exit 0
`,
  );
  chmodSync(engine, 0o755);
  return engine;
}

function session(dir: string, heldLock?: () => Promise<{ id: string; createdMs: number }>) {
  const stackDir = join(dir, 'stack');
  mkdirSync(stackDir);
  writeFileSync(join(stackDir, 'cdk.tf.json'), '{}');
  const toolchain = {
    engine: { kind: 'terraform', path: fakeEngine(dir), version: '1.11.4' },
    providers: [],
    cliConfig: join(dir, 'cli.tfrc'),
  } as unknown as Toolchain;
  const stack = { stack: 'edge-local', stackDir } as FlowStack;
  return new StackSession(stack, join(dir, 'work'), toolchain, heldLock);
}

describe('StackSession', () => {
  it('releases a lock it was refused by that it made itself, and runs once more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-session-'));
    const result = await session(dir).run(['plan', '-input=false']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'plan -input=false -no-color',
      'force-unlock -force own-lock -no-color',
      'plan -input=false -no-color',
    ]);
  });

  it('releases a lock still held after a command that made it, without running it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-session-'));
    writeFileSync(join(dir, 'unlocked'), '');
    // Made while the command ran: the probe reads it after the command.
    const result = await session(dir, async () => ({ id: 'late-lock', createdMs: Date.now() })).run(
      ['plan'],
    );
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'plan -no-color',
      'force-unlock -force late-lock -no-color',
    ]);
  });

  it("leaves a lock made before the command started: another run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-session-'));
    writeFileSync(join(dir, 'unlocked'), '');
    const held = { id: 'their-lock', createdMs: Date.now() - 60_000 };
    await session(dir, async () => held).run(['plan']);
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'plan -no-color',
    ]);
  });
});
