import { createServer } from 'node:net';

/** A loopback port the kernel says is free now (for a server this process starts next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('the kernel gave no port')),
      );
    });
  });
}
