import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadToolchain } from './validate/toolchain';

/** One AWS API call as the AWS SDK for JavaScript takes it: the command's name and its input. */
export type AwsCall = (command: string, input: Record<string, unknown>) => Promise<unknown>;

/** A service's client in a region, as the platform's functions take their clients. */
export type AwsClients = (service: string, region: string) => AwsCall;

/** AWS APIs served by moto in a child process (tools/scripts/moto-bridge.py). */
export interface MotoBridge {
  /** Clients whose calls moto serves; a refused call rejects with the service's error code. */
  readonly clients: AwsClients;
  /** Ends moto; resolves once its process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts moto (the emulator's, from the toolchain) behind a JSON-lines bridge: the platform's
 * functions run their real calls, by the AWS API's own names, against moto's implementation.
 */
export function startMotoBridge(): Promise<MotoBridge> {
  const python = loadToolchain().emulator?.python;
  if (!python) throw new Error('no emulator Python (moto) in the toolchain');
  const child: ChildProcessWithoutNullStreams = spawn(
    python,
    [join(__dirname, '../scripts/moto-bridge.py')],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    },
  );
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`moto-bridge exited ${code}: ${errors}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY') {
        resolve({
          clients: (service, region) => (command, input) =>
            new Promise((done, fail) => {
              const id = ++next;
              pending.set(id, { resolve: done, reject: fail });
              child.stdin.write(
                `${JSON.stringify({ id, service, region, operation: command, params: input })}\n`,
              );
            }),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.stdin.end();
            }),
        });
        return;
      }
      const answer = JSON.parse(line) as {
        id: number;
        result?: unknown;
        error?: { name: string; message: string };
      };
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.error)
        waiting?.reject(
          Object.assign(new Error(answer.error.message), { name: answer.error.name }),
        );
      else waiting?.resolve(answer.result);
    });
  });
}
