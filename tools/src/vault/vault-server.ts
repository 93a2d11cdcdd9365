import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port';
import { stopChild, tieToProcess, waitUntilReady } from '../emulator/process-ties';

const READY_TIMEOUT_MS = 60_000;

/** What `sys/init` gave: the one unseal key and the root token. */
export interface VaultKeys {
  readonly unsealKey: string;
  readonly rootToken: string;
}

/**
 * A real Vault server from the toolchain on loopback, one node of integrated (raft) storage in
 * `workDir`, as the platform's servers store their data. Plain HTTP: the platform's TLS listener
 * is Vault's own and is not what these checks are about. Stopped on stop() and on exit.
 */
export class VaultServer {
  private readonly untie: () => void;

  private constructor(
    private readonly child: ChildProcess,
    /** `VAULT_ADDR` of this server. */
    readonly address: string,
  ) {
    this.untie = tieToProcess(
      () => child.kill('SIGKILL'),
      () => this.stop(),
    );
  }

  /** Starts the server (sealed, not initialized) and waits until it answers. */
  static async start(binary: string, workDir: string): Promise<VaultServer> {
    mkdirSync(join(workDir, 'raft'), { recursive: true });
    const [apiPort, clusterPort] = [await freePort(), await freePort()];
    const address = `http://127.0.0.1:${apiPort}`;
    const config = join(workDir, 'vault.hcl');
    writeFileSync(
      config,
      `storage "raft" {
  path    = "${join(workDir, 'raft')}"
  node_id = "node-1"
}
listener "tcp" {
  address         = "127.0.0.1:${apiPort}"
  cluster_address = "127.0.0.1:${clusterPort}"
  tls_disable     = true
}
api_addr      = "${address}"
cluster_addr  = "http://127.0.0.1:${clusterPort}"
disable_mlock = true
`,
    );
    const log = openSync(join(workDir, 'vault.log'), 'a');
    const child = spawn(binary, ['server', `-config=${config}`], {
      stdio: ['ignore', log, log],
      env: { ...process.env, VAULT_ADDR: address },
    });
    closeSync(log);
    const server = new VaultServer(child, address);
    await server.waitFor('an answer', async (status) => status > 0);
    return server;
  }

  /** One JSON call to Vault's HTTP API. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: object } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.address}/v1/${path}`, {
      method,
      headers: options.token ? { 'X-Vault-Token': options.token } : {},
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Initializes it with one unseal key, unseals it and waits until it is the active node. */
  async initialize(): Promise<VaultKeys> {
    const init = await this.call<{ keys_base64: string[]; root_token: string }>('PUT', 'sys/init', {
      body: { secret_shares: 1, secret_threshold: 1 },
    });
    if (init.status !== 200) throw new Error(`sys/init answered ${init.status}`);
    const keys = { unsealKey: init.body.keys_base64[0], rootToken: init.body.root_token };
    await this.unseal(keys.unsealKey);
    return keys;
  }

  /** Unseals it with `key` and waits until it is active (raft elects itself leader). */
  async unseal(key: string): Promise<void> {
    const answer = await this.call('PUT', 'sys/unseal', { body: { key } });
    if (answer.status !== 200) throw new Error(`sys/unseal answered ${answer.status}`);
    await this.waitFor('the active node', async (status) => status === 200);
  }

  /** `sys/health`'s status: 200 active, 503 sealed, 501 not initialized, 0 no answer. */
  async health(): Promise<number> {
    const response = await fetch(`${this.address}/v1/sys/health`).catch(() => undefined);
    return response?.status ?? 0;
  }

  private waitFor(what: string, done: (status: number) => Promise<boolean>): Promise<void> {
    return waitUntilReady('vault server', what, async () => done(await this.health()), {
      timeoutMs: READY_TIMEOUT_MS,
      exited: () =>
        this.child.exitCode === null
          ? undefined
          : `vault server exited (code ${this.child.exitCode})`,
    });
  }

  async stop(): Promise<void> {
    this.untie();
    await stopChild(this.child);
  }
}
