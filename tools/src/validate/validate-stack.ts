import {
  engineEnv,
  exec,
  prepareStackWorkdir,
  withPluginCacheLock,
} from '../engine/engine-workdir';
import type { Toolchain } from './toolchain';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

export interface AllowedWarning {
  readonly summary: string;
  readonly detailIncludes?: string;
  readonly reason: string;
}

export interface StackResult {
  readonly stack: string;
  readonly passed: boolean;
  /** Errors and warnings that fail the stack. */
  readonly failures: Diagnostic[];
  /** Warnings accepted by the reviewed list. */
  readonly allowedWarnings: Diagnostic[];
  /** Wall time of the engine run that validated the stack (shared by a batch's stacks). */
  readonly seconds: number;
}

/** One diagnostic as `validate -json` prints it. */
export interface EngineDiagnostic extends Diagnostic {
  readonly range?: { readonly filename: string };
}

export function isAllowed(diagnostic: Diagnostic, allowed: readonly AllowedWarning[]): boolean {
  return (
    diagnostic.severity === 'warning' &&
    allowed.some(
      (entry) =>
        entry.summary === diagnostic.summary &&
        (!entry.detailIncludes || (diagnostic.detail ?? '').includes(entry.detailIncludes)),
    )
  );
}

/** A stack's result from its diagnostics: any error or unlisted warning fails it. */
export function stackResult(
  stack: string,
  diagnostics: readonly Diagnostic[],
  allowed: readonly AllowedWarning[],
  started: number,
): StackResult {
  const failures = diagnostics.filter((diagnostic) => !isAllowed(diagnostic, allowed));
  return {
    stack,
    passed: failures.length === 0,
    failures,
    allowedWarnings: diagnostics.filter((diagnostic) => isAllowed(diagnostic, allowed)),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * `init -backend=false` and `validate -json` of one synthesized stack, with the real
 * engine and providers, in a scratch copy of the stack directory.
 */
export async function validateStack(
  stack: string,
  stackDir: string,
  workDir: string,
  toolchain: Toolchain,
  allowed: readonly AllowedWarning[],
): Promise<StackResult> {
  const started = Date.now();
  prepareStackWorkdir(stackDir, workDir, toolchain);
  const diagnostics = await initAndValidate(workDir, toolchain);
  return stackResult(stack, diagnostics.map(toDiagnostic), allowed, started);
}

/** What a report keeps of an engine diagnostic (not where in the file it points). */
export function toDiagnostic({ severity, summary, detail, address }: EngineDiagnostic): Diagnostic {
  return { severity, summary, detail, address };
}

/**
 * `init -backend=false` (in turn with every other init on the machine; validate itself runs
 * in parallel) and `validate -json` in `workDir`: the engine's diagnostics, or the failure
 * of either step as one error.
 */
export async function initAndValidate(
  workDir: string,
  toolchain: Toolchain,
): Promise<EngineDiagnostic[]> {
  const env = engineEnv(toolchain);
  const runInit = () =>
    withPluginCacheLock(toolchain, () =>
      exec(toolchain.engine.path, ['init', '-backend=false', '-no-color'], workDir, { env }),
    );
  let init = await runInit();
  // A cache written by an older run without the lock may still be half-filled; retry.
  for (let attempt = 1; attempt <= 3 && init.code !== 0; attempt++) {
    if (!/Failed to install provider/.test(init.stderr)) break;
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    init = await runInit();
  }
  if (init.code !== 0) {
    return [
      {
        severity: 'error',
        summary: `${toolchain.engine.kind} init failed`,
        detail: init.stderr.trim(),
      },
    ];
  }
  const validate = await exec(toolchain.engine.path, ['validate', '-json', '-no-color'], workDir, {
    env,
  });
  try {
    return (JSON.parse(validate.stdout) as { diagnostics: EngineDiagnostic[] }).diagnostics;
  } catch {
    return [
      { severity: 'error', summary: 'validate printed no JSON', detail: validate.stderr.trim() },
    ];
  }
}
