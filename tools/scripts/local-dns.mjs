// A throwaway DNS server for tests: real DNS over UDP on a free loopback port (wire format by
// dns-packet), answering authoritatively from a zone it is given. Prints `READY <port>`, then
// `ASKED <type> <name>` for each question; each line on its standard input is a new zone (JSON,
// `{ "<name>": { "A": ["10.0.0.1"], "NS": ["ns1.<zone>"] } }`) or `?`, acknowledged with `OK`
// after every question asked before it.
// Unknown names get NXDOMAIN. It stops when its standard input closes. A child process, because
// the code under test queries with a synchronous child process, which would block a server in
// the test's own event loop.
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import dnsPacket from 'dns-packet';

const AUTHORITATIVE = 0x0400;
const NXDOMAIN = 3;
let zone = {};
const socket = createSocket('udp4');
socket.on('message', (message, peer) => {
  const query = dnsPacket.decode(message);
  const question = query.questions?.[0];
  if (!question) return;
  process.stdout.write(`ASKED ${question.type} ${question.name}\n`);
  const known = Object.hasOwn(zone, question.name);
  const answers = (known ? (zone[question.name][question.type] ?? []) : []).map((data) => ({
    type: question.type,
    name: question.name,
    ttl: 300,
    data,
  }));
  const response = dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED | AUTHORITATIVE | (known ? 0 : NXDOMAIN),
    questions: [question],
    answers,
  });
  socket.send(response, peer.port, peer.address);
});
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line !== '?') zone = JSON.parse(line);
    process.stdout.write('OK\n');
  })
  .on('close', () => socket.close());
socket.bind(0, '127.0.0.1', () => process.stdout.write(`READY ${socket.address().port}\n`));
