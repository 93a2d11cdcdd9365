import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveAuthoritative } from './authoritative-dns';

/** Records by name and type, e.g. `{ 'api.example.test': { A: ['10.0.0.1'] } }`. */
type Zone = Record<string, Partial<Record<'A' | 'NS', string[]>>>;

interface DnsServer {
  readonly port: number;
  /** The questions it was asked so far, as `<type> <name>`. */
  asked(): Promise<string[]>;
  /** Replaces its zone. */
  serve(zone: Zone): Promise<void>;
  stop(): void;
}

/** tools/scripts/local-dns.mjs: a real DNS server on loopback, in a process of its own. */
function dnsServer(zone: Zone): Promise<DnsServer> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(__dirname, '../../scripts/local-dns.mjs')],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const asked: string[] = [];
  const acknowledged: (() => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`local-dns exited ${code}`)));
    const send = (line: string) =>
      new Promise<void>((done) => {
        acknowledged.push(done);
        child.stdin.write(`${line}\n`);
      });
    const serve = (next: Zone) => send(JSON.stringify(next));
    const askedSoFar = () => send('?').then(() => [...asked]);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, ...rest] = line.split(' ');
      if (word === 'ASKED') asked.push(rest.join(' '));
      if (word === 'OK') acknowledged.shift()?.();
      if (word === 'READY') {
        const server = {
          port: Number(rest[0]),
          asked: askedSoFar,
          serve,
          stop: () => child.stdin.end(),
        };
        void serve(zone).then(() => resolve(server));
      }
    });
  });
}

describe("the drill's DNS probe, against real DNS servers on loopback", () => {
  const ZONE = 'example.test';
  const API = `api.${ZONE}`;
  let resolver: DnsServer;
  let authoritative: DnsServer;

  beforeAll(async () => {
    authoritative = await dnsServer({ [ZONE]: {}, [API]: { A: ['10.0.0.2'] } });
    // A caching resolver that still has the record from before the move.
    resolver = await dnsServer({
      [ZONE]: { NS: [`ns1.${ZONE}`] },
      [`ns1.${ZONE}`]: { A: ['127.0.0.1'] },
      [API]: { A: ['10.0.0.1'] },
    });
  });
  afterAll(() => {
    resolver?.stop();
    authoritative?.stop();
  });

  const probe = (host: string, zone = ZONE) =>
    resolveAuthoritative(host, zone, {
      resolvers: [`127.0.0.1:${resolver.port}`],
      port: authoritative.port,
    });

  it("answers what the zone's own servers hold, not what a resolver has cached", async () => {
    expect(probe(API)).toEqual(['10.0.0.2']);
    const resolverAsked = await resolver.asked();
    expect(resolverAsked).toEqual(expect.arrayContaining([`NS ${ZONE}`, `A ns1.${ZONE}`]));
    expect(resolverAsked).not.toContain(`A ${API}`);
    expect(await authoritative.asked()).toContain(`A ${API}`);
  });

  it('sees a change as soon as the zone makes it', async () => {
    await authoritative.serve({ [ZONE]: {}, [API]: { A: ['10.0.0.3', '10.0.0.4'] } });
    expect(probe(API).sort()).toEqual(['10.0.0.3', '10.0.0.4']);
  });

  it('answers nothing for a host the zone does not have', () => {
    expect(probe(`gone.${ZONE}`)).toEqual([]);
  });

  it("fails, naming the host and zone, when the zone's servers cannot be found", () => {
    expect(() => probe(API, 'unknown.test')).toThrow(
      `resolving ${API} at unknown.test's servers: Error: queryNs ENOTFOUND unknown.test`,
    );
  });
});
