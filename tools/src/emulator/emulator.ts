import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EMULATOR_STATE_ROUTES } from './checkpoint';
import { stopChild, tieToProcess } from './process-ties';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const READY_TIMEOUT_MS = 60_000;

/** Host and port of an emulator endpoint; only loopback addresses are accepted. */
export function loopbackAddress(endpoint: string, source: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`${source}: emulator.endpoint "${endpoint}" is not a URL`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || !url.port) {
    throw new Error(
      `${source}: emulator.endpoint "${endpoint}" must be http://<loopback address>:<port>; the emulator never listens beyond this machine`,
    );
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

export interface EmulatorOptions {
  readonly endpoint: string;
  /** Where the environment's endpoint was configured, for error messages. */
  readonly source: string;
  /** Python of the toolchain venv that holds moto. */
  readonly python: string;
  /** tools/src/emulator/moto_server.py */
  readonly launcher: string;
  readonly logFile: string;
}

/**
 * moto's server on a loopback port, owned by this process: started fresh (an endpoint that
 * already answers is refused rather than reused), and stopped on stop(), on exit and on
 * SIGINT/SIGTERM, so no run leaves it behind.
 */
export class Emulator {
  private stopped = false;
  private readonly untie: () => void;

  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
    private readonly logFile: string,
  ) {
    this.untie = tieToProcess(
      () => this.child.kill('SIGKILL'),
      () => this.stop(),
    );
  }

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const { host, port } = loopbackAddress(options.endpoint, options.source);
    if (await answers(options.endpoint)) {
      throw new Error(
        `${options.endpoint} already answers: another emulator (or another run) holds port ${port}; stop it first`,
      );
    }
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = openSync(options.logFile, 'w');
    const child = spawn(options.python, [options.launcher, '-H', host, '-p', String(port)], {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        // AWS managed policies (e.g. AWSBackupServiceRolePolicyForBackup) exist in every account.
        MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
        // moto issues a DNS-validated certificate only 60 s after it was requested, by its
        // clock alone. The flow still proves the validation records exist and the validation
        // resource waits for ISSUED; the minute proved nothing.
        MOTO_ACM_VALIDATION_WAIT: '0',
        // Where moto_snapshot.py saves and restores the AWS side (the flow's restart point).
        ...EMULATOR_STATE_ROUTES,
      },
    });
    closeSync(log);
    const emulator = new Emulator(child, options.endpoint, options.logFile);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await answers(options.endpoint))) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await emulator.stop();
        throw new Error(
          `the emulator did not start on ${options.endpoint}:\n${emulator.logTail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return emulator;
  }

  /** The last lines of the emulator's log, for failure reports. */
  logTail(lines = 20): string {
    return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.untie();
    await stopChild(this.child);
  }
}
