/**
 * The local environment on the AWS emulator (moto), end to end, with the real engine and
 * providers: bootstrap state, apply each layer with the S3 backend and DynamoDB lock,
 * re-plan clean, prove the state lock, destroy; from the longest restart point an earlier run
 * saved whose inputs are unchanged (checkpoint.ts). Prints one line per check, writes
 * dist/emulator/<env>.json, exits non-zero on any failure. Never leaves moto running.
 *
 *   node dist/tools/emulator/main.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { loadToolchain } from '../validate/toolchain';
import { loadGaps } from './emulator-gaps';
import { FlowCheck, runEmulatorFlow } from './emulator-flow';

const root = findWorkspaceRoot(__dirname);

function print(check: FlowCheck): void {
  const note = check.note ? `: ${check.note}` : '';
  console.log(`${check.passed ? 'PASS' : 'FAIL'} ${check.name} (${check.seconds} s)${note}`);
  if (check.detail) console.log(check.detail.replace(/^/gm, '     '));
}

async function main(): Promise<void> {
  const toolchain = loadToolchain();
  const gaps = loadGaps(root);
  const environments = loadEnvironments().filter((env) => env.emulator);
  if (environments.length === 0)
    throw new Error('no environment in environments/ sets emulator.endpoint');
  console.log(
    `Emulator flow with ${toolchain.engine.kind} ${toolchain.engine.version} and ${gaps.emulator}`,
  );
  let failed = 0;
  for (const environment of environments) {
    const checks = await runEmulatorFlow({
      root,
      environment,
      toolchain,
      gaps,
      workRoot: join(root, 'dist', 'emulator', 'work', environment.name),
      report: print,
    });
    mkdirSync(join(root, 'dist', 'emulator', 'report'), { recursive: true });
    writeFileSync(
      join(root, 'dist', 'emulator', 'report', `${environment.name}.json`),
      `${JSON.stringify(checks, null, 2)}\n`,
    );
    failed += checks.filter((check) => !check.passed).length;
  }
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
