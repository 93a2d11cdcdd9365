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
  readonly seconds: number;
}

interface ValidateJson {
  readonly valid: boolean;
  readonly diagnostics: Array<{
    severity: 'error' | 'warning';
    summary: string;
    detail?: string;
    address?: string;
  }>;
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
  const env = engineEnv(toolchain);
  const result = (failures: Diagnostic[], allowedWarnings: Diagnostic[] = []): StackResult => ({
    stack,
    passed: failures.length === 0,
    failures,
    allowedWarnings,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  });

  // Inits take turns machine-wide; validate itself runs in parallel.
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
    return result([
      {
        severity: 'error',
        summary: `${toolchain.engine.kind} init failed`,
        detail: init.stderr.trim(),
      },
    ]);
  }
  const validate = await exec(toolchain.engine.path, ['validate', '-json', '-no-color'], workDir, {
    env,
  });
  let parsed: ValidateJson;
  try {
    parsed = JSON.parse(validate.stdout) as ValidateJson;
  } catch {
    return result([
      { severity: 'error', summary: 'validate printed no JSON', detail: validate.stderr.trim() },
    ]);
  }
  const diagnostics: Diagnostic[] = parsed.diagnostics.map(
    ({ severity, summary, detail, address }) => ({
      severity,
      summary,
      detail,
      address,
    }),
  );
  return result(
    diagnostics.filter((diagnostic) => !isAllowed(diagnostic, allowed)),
    diagnostics.filter((diagnostic) => isAllowed(diagnostic, allowed)),
  );
}
