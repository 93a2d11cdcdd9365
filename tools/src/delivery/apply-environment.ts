import { spawnSync } from 'node:child_process';
import { StackApplied } from './deployments';
import { Fingerprints } from './fingerprint';
import {
  assumeRoleWithWebIdentity,
  githubIdToken,
  RoleCredentials,
  withoutCredentials,
} from './role-credentials';

/** One engine command in a stack directory; `status` 0 is success. */
export type EngineRun = (directory: string, args: readonly string[]) => { status: number };

/** The engine on the runner's PATH (or `engine`), its output streamed to the job log. */
export function engineOnPath(
  engine = 'terraform',
  output: 'inherit' | 'ignore' = 'inherit',
  credentials?: RoleCredentials,
): EngineRun {
  return (directory, args) => {
    const run = spawnSync(engine, args, {
      cwd: directory,
      stdio: output,
      env: {
        ...(credentials ? withoutCredentials(process.env) : process.env),
        ...credentials,
        TF_IN_AUTOMATION: '1',
      },
    });
    return { status: run.status ?? 1 };
  };
}

/** Waits for the lock a drift check or a pull request's plan may hold briefly; never breaks it. */
const LOCK_TIMEOUT = '-lock-timeout=15m';

export interface ApplyStack {
  readonly stack: string;
  readonly environment: string;
  readonly directory: string;
  /** The role of the stack's layer that applies it. */
  readonly applyRoleArn: string;
  /** Region of the environment's state, where credentials are taken. */
  readonly stateRegion: string;
}

/** The engine that runs one stack's commands (with that stack's credentials). */
export type EngineFor = (stack: ApplyStack) => EngineRun | Promise<EngineRun>;

export interface ApplyRoleEngineOptions {
  /** @default terraform on PATH */
  readonly engine?: string;
  /** A fresh OIDC token of the job. @default GitHub's (githubIdToken) */
  readonly idToken?: () => Promise<string>;
  /** STS endpoint other than AWS's (the emulator). @default AWS's */
  readonly stsEndpoint?: string;
  /** @default the AWS CLI on PATH */
  readonly awsCli?: string;
  /** Session name of every assumption (CloudTrail shows it). @default strata-<run id> */
  readonly sessionName?: string;
}

/**
 * Each stack applied with its own layer's apply role: a fresh GitHub OIDC token per stack,
 * exchanged for that role's credentials, which only that stack's engine commands see. A
 * network apply cannot reach a database, whatever the network stack's code says.
 */
export function engineWithApplyRole(options: ApplyRoleEngineOptions = {}): EngineFor {
  return async (stack) => {
    const credentials = assumeRoleWithWebIdentity({
      roleArn: stack.applyRoleArn,
      region: stack.stateRegion,
      sessionName: options.sessionName ?? `strata-${process.env.GITHUB_RUN_ID ?? 'local'}`,
      webIdentityToken: await (options.idToken ?? githubIdToken)(),
      endpointUrl: options.stsEndpoint,
      awsCli: options.awsCli,
    });
    return engineOnPath(options.engine ?? 'terraform', 'inherit', credentials);
  };
}

export interface EnvironmentApplyResult {
  readonly applied: readonly string[];
  /** The stack whose init, plan or apply failed; every later stack was left alone. */
  readonly failed?: { readonly stack: string; readonly step: string };
}

/**
 * Applies the selected stacks of one environment, in order (waves, primary region first):
 * init, plan to a file, apply that plan. Each success is recorded at once (the next run
 * skips the stack unless it changes again); the first failure stops the environment, and
 * the failed stack, never recorded, is selected again by the next run.
 */
export async function applyEnvironment(
  stacks: readonly ApplyStack[],
  fingerprints: Fingerprints,
  commit: string,
  engineFor: EngineFor,
  record: (applied: StackApplied) => Promise<void>,
): Promise<EnvironmentApplyResult> {
  const applied: string[] = [];
  for (const job of stacks) {
    const { stack, environment, directory } = job;
    const fingerprint = fingerprints[stack];
    if (!fingerprint) throw new Error(`no fingerprint for ${stack}: run "main.js fingerprints"`);
    const steps: Array<[string, string[]]> = [
      ['init', ['init', '-input=false', LOCK_TIMEOUT]],
      ['plan', ['plan', '-input=false', LOCK_TIMEOUT, '-out=apply.tfplan']],
      ['apply', ['apply', '-input=false', LOCK_TIMEOUT, 'apply.tfplan']],
    ];
    let engine: EngineRun;
    try {
      engine = await engineFor(job);
    } catch (error) {
      console.error(`${stack}: ${error instanceof Error ? error.message : String(error)}`);
      return { applied, failed: { stack, step: 'credentials' } };
    }
    for (const [step, args] of steps) {
      if (engine(directory, args).status !== 0) return { applied, failed: { stack, step } };
    }
    await record({ stack, environment, commit, fingerprint });
    applied.push(stack);
  }
  return { applied };
}
