// Test-only (not built into the package): a real PostgreSQL server and the RDS Data API calls
// the platform's functions make, served by it.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

const ROOT = join(__dirname, '../../../..');

/** A running throwaway server. */
export interface LocalPostgres {
  readonly process: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly password: string;
  /** Connects to `database` (as `postgres` unless told). */
  connect(database: string, user?: string, password?: string): Promise<Client>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

/** tools/scripts/local-postgres.mjs: real PostgreSQL binaries from npm, on a free port. */
export function startPostgres(): Promise<LocalPostgres> {
  const child = spawn(process.execPath, [join(ROOT, 'tools/scripts/local-postgres.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`local-postgres exited ${code}: ${errors}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, port, password] = line.split(' ');
      if (word !== 'READY') return;
      const server: LocalPostgres = {
        process: child,
        port: Number(port),
        password,
        async connect(database, user = 'postgres', secret = password) {
          const client = new Client({
            host: '127.0.0.1',
            port: Number(port),
            database,
            user,
            password: secret,
          });
          await client.connect();
          return client;
        },
        stop() {
          child.stdin.end();
          return new Promise((done) => child.once('exit', () => done()));
        },
      };
      resolve(server);
    });
  });
}

/** One RDS Data API call: the command and its input, as the AWS SDK takes them. */
export type DataApi = (command: string, input: Record<string, unknown>) => Promise<unknown>;

/**
 * The RDS Data API served by a real server: a transaction is one connection as the master
 * user, as the Data API holds one for its transaction id; a statement outside a transaction
 * runs on a connection of its own, and `formatRecordsAs: 'JSON'` returns its rows as the Data
 * API does (`formattedRecords`, a JSON array of objects by column name).
 */
export function dataApiOn(connect: (database: string) => Promise<Client>): {
  data: DataApi;
  calls: string[];
} {
  const transactions = new Map<string, Client>();
  const calls: string[] = [];
  let next = 0;
  const data: DataApi = async (command, input) => {
    calls.push(command);
    if (!input.resourceArn || !input.secretArn) throw new Error(`${command}: no ARNs`);
    const id = String(input.transactionId ?? '');
    switch (command) {
      case 'BeginTransaction': {
        const client = await connect(String(input.database));
        await client.query('BEGIN');
        const transactionId = `tx-${++next}`;
        transactions.set(transactionId, client);
        return { transactionId };
      }
      case 'ExecuteStatement': {
        const inTransaction = transactions.get(id);
        const client = inTransaction ?? (await connect(String(input.database)));
        try {
          const { rows } = await client.query(String(input.sql));
          return input.formatRecordsAs === 'JSON' ? { formattedRecords: JSON.stringify(rows) } : {};
        } finally {
          if (!inTransaction) await client.end();
        }
      }
      case 'CommitTransaction':
      case 'RollbackTransaction': {
        const client = transactions.get(id);
        transactions.delete(id);
        await client?.query(command === 'CommitTransaction' ? 'COMMIT' : 'ROLLBACK');
        await client?.end();
        return {};
      }
      default:
        throw new Error(`unexpected Data API call ${command}`);
    }
  };
  return { data, calls };
}
