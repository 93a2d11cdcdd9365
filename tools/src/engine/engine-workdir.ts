import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withCrossProcessLock } from '../validate/cross-process-lock';
import type { Toolchain } from '../validate/toolchain';

export interface EngineResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command outlived its time limit and was killed. */
  readonly timedOut: boolean;
}

export interface EngineRunOptions {
  /** Kill the command after this long. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with the running process, e.g. to answer a prompt on its stdin. */
  readonly onStart?: (child: ChildProcess) => void;
}

/** The engine's environment: Strata's CLI config (provider mirror), no prompts, no telemetry. */
export function engineEnv(toolchain: Toolchain): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: toolchain.cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Runs a command to completion, collecting its output; never rejects. */
export function exec(
  command: string,
  args: readonly string[],
  cwd: string,
  options: EngineRunOptions = {},
): Promise<EngineResult> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: options.env ?? process.env,
      stdio: [options.onStart ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // SIGINT first: the engine then releases its state lock before it exits.
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
          }, options.timeoutMs);
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => (stderr += `${error.message}\n`));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      done({ code: code ?? 1, stdout, stderr, timedOut });
    });
    options.onStart?.(child);
  });
}

/**
 * Provider versions the engine must use when the mirror holds a different build than the
 * binding pins (see tools/toolchain/versions.json), as a Terraform override file: the
 * synthesized stack itself is never edited.
 */
export function providerOverride(stackJson: string, toolchain: Toolchain): object | undefined {
  const required: Record<string, { source?: string }> =
    JSON.parse(stackJson).terraform?.required_providers ?? {};
  const overrides = Object.fromEntries(
    Object.entries(required).flatMap(([name, requirement]) => {
      const built = toolchain.providers.find((provider) => provider.name === name);
      return built && built.version !== built.bindingVersion
        ? [[name, { source: requirement.source ?? name, version: built.version }]]
        : [];
    }),
  );
  return Object.keys(overrides).length > 0
    ? { terraform: { required_providers: overrides } }
    : undefined;
}

/** A fresh scratch copy of a synthesized stack directory, with the provider override if needed. */
export function prepareStackWorkdir(stackDir: string, workDir: string, toolchain: Toolchain): void {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(stackDir, workDir, { recursive: true });
  const override = providerOverride(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'), toolchain);
  if (override)
    writeFileSync(
      join(workDir, 'strata_provider_versions_override.tf.json'),
      JSON.stringify(override),
    );
}

/**
 * Runs an engine `init` in turn with every other init on the machine: Terraform's plugin
 * cache is not safe for concurrent writers, and Nx runs several validations (and the
 * emulator flow) at once.
 */
export function withPluginCacheLock<T>(toolchain: Toolchain, init: () => Promise<T>): Promise<T> {
  return withCrossProcessLock(join(dirname(toolchain.cliConfig), 'plugin-cache.lock'), init);
}
