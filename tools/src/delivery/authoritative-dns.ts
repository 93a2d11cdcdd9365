import { spawnSync } from 'node:child_process';

/** Where the probe asks (tests point it at a server on loopback). */
export interface AuthoritativeDnsOptions {
  /** Resolvers the zone's name servers are looked up with. @default the system's */
  readonly resolvers?: readonly string[];
  /** Port the zone's name servers answer on. @default 53 */
  readonly port?: number;
}

// Runs in a child process: the drill's runner is synchronous (as the AWS CLI calls are) and
// node:dns is not. It finds the zone's name servers, then asks them, not a caching resolver,
// so a record's change is seen when it is made, not when a TTL runs out.
const PROBE = `
const { Resolver } = require('node:dns').promises;
(async () => {
  const [host, zone, options] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3])];
  const settings = { timeout: 3000, tries: 2 };
  const system = new Resolver(settings);
  if (options.resolvers) system.setServers(options.resolvers);
  const names = await system.resolveNs(zone);
  const addresses = (await Promise.all(names.map((ns) => system.resolve4(ns)))).flat();
  const authoritative = new Resolver(settings);
  authoritative.setServers(addresses.map((address) => address + ':' + (options.port ?? 53)));
  const answer = await authoritative.resolve4(host).catch((error) => {
    if (error.code === 'ENOTFOUND' || error.code === 'ENODATA') return [];
    throw error;
  });
  process.stdout.write(JSON.stringify(answer));
})().catch((error) => { process.stderr.write(String(error)); process.exit(1); });`;

/**
 * The IPv4 addresses `host` has at the authoritative servers of `zone`, as they answer now;
 * empty when they have no such record. Throws when the servers cannot be found or asked.
 */
export function resolveAuthoritative(
  host: string,
  zone: string,
  options: AuthoritativeDnsOptions = {},
): string[] {
  const run = spawnSync(process.execPath, ['-e', PROBE, host, zone, JSON.stringify(options)], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0)
    throw new Error(`resolving ${host} at ${zone}'s servers: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as string[];
}
