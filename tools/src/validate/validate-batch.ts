import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareStackWorkdir } from '../engine/engine-workdir';
import type { SynthesizedStackDir } from '../synthesized-stacks';
import type { Toolchain } from './toolchain';
import {
  AllowedWarning,
  Diagnostic,
  EngineDiagnostic,
  initAndValidate,
  StackResult,
  stackResult,
  toDiagnostic,
  validateStack,
} from './validate-stack';

/**
 * Top-level blocks with which a stack validates the same as a child module as at the root. Not
 * `variable` (a child module needs its arguments), nor `import` (root only), nor anything new:
 * such a stack is validated on its own.
 */
const MODULE_SAFE_BLOCKS = new Set([
  '//',
  'terraform',
  'provider',
  'resource',
  'data',
  'output',
  'locals',
]);

/**
 * What the engine says of every batched stack, because its backend is no longer at the root.
 * `validate` after `init -backend=false` never checks a backend block at the root either.
 */
export const BATCH_BACKEND_WARNING = 'Backend configuration ignored';

/** Where a batch keeps each stack, relative to its root: also the module's source. */
const STACKS_DIR = 'stacks';

/** Whether the synthesized stack in `stackDir` can be validated as a module of a batch. */
export function batchable(stackDir: string): boolean {
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as object;
  return Object.keys(stack).every((block) => MODULE_SAFE_BLOCKS.has(block));
}

/** A batch's module directory in a diagnostic's file name: the stack it is about. */
const STACK_FILE = new RegExp(`^${STACKS_DIR}/([^/]+)/`);

/**
 * The stack a batch's diagnostic is about, from the file it points at or its module address;
 * undefined when it names neither.
 */
export function stackOfDiagnostic(
  diagnostic: EngineDiagnostic,
  stacks: readonly string[],
): string | undefined {
  const fromFile = diagnostic.range?.filename.match(STACK_FILE)?.[1];
  const fromAddress = diagnostic.address?.match(/^module\.([^.[]+)/)?.[1];
  return [fromFile, fromAddress].find((name) => name !== undefined && stacks.includes(name));
}

/** A batch diagnostic as the stack alone would have had it: its address without the module. */
function asStackDiagnostic(diagnostic: EngineDiagnostic, stack: string): Diagnostic {
  const prefix = `module.${stack}.`;
  const { address } = diagnostic;
  return {
    ...toDiagnostic(diagnostic),
    address: address?.startsWith(prefix) ? address.slice(prefix.length) : address,
  };
}

/**
 * Validates many synthesized stacks in one engine run: each is a module of a generated root,
 * so the AWS provider (a 1.2 GB binary whose schema takes seconds to load and decode) starts
 * once per batch instead of twice per stack. Every stack is still checked in full: its
 * resources, data sources, provider blocks and references, against the real schemas. A
 * diagnostic goes to the stack whose file or module it names; one that names neither fails
 * every stack of the batch. Stacks that cannot be modules (see MODULE_SAFE_BLOCKS) are
 * validated alone.
 */
export async function validateStacks(
  stacks: readonly SynthesizedStackDir[],
  workDir: string,
  toolchain: Toolchain,
  allowed: readonly AllowedWarning[],
): Promise<StackResult[]> {
  const started = Date.now();
  const batch = stacks.filter(({ stackDir }) => batchable(stackDir));
  const alone = batch.length > 1 ? stacks.filter((stack) => !batch.includes(stack)) : stacks;
  const results: StackResult[] = [];
  if (batch.length > 1) {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    for (const { stack, stackDir } of batch)
      prepareStackWorkdir(stackDir, join(workDir, STACKS_DIR, stack), toolchain);
    const modules = Object.fromEntries(
      batch.map(({ stack }) => [stack, { source: `./${STACKS_DIR}/${stack}` }]),
    );
    writeFileSync(
      join(workDir, 'main.tf.json'),
      `${JSON.stringify({ module: modules }, null, 2)}\n`,
    );
    const names = batch.map(({ stack }) => stack);
    const diagnostics = (await initAndValidate(workDir, toolchain)).map((diagnostic) => ({
      diagnostic,
      about: stackOfDiagnostic(diagnostic, names),
    }));
    for (const stack of names) {
      // A diagnostic that names no stack fails them all.
      const own = diagnostics.filter(
        ({ diagnostic, about }) =>
          about === undefined || (about === stack && diagnostic.summary !== BATCH_BACKEND_WARNING),
      );
      const reported = own.map(({ diagnostic }) => asStackDiagnostic(diagnostic, stack));
      results.push(stackResult(stack, reported, allowed, started));
    }
  }
  for (const { stack, stackDir } of alone) {
    results.push(
      await validateStack(stack, stackDir, join(workDir, 'alone', stack), toolchain, allowed),
    );
  }
  return results;
}
