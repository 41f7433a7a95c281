import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';

const recordTypes = { A: 1, AAAA: 28 } as const;
const nxDomain = 3;
const formatError = 1;

export interface DnsServer {
  /** `127.0.0.1:<port>`, the form GATEWAY_DNS_SERVERS takes. */
  readonly address: string;
  /** Sets the addresses `name` resolves to (IPv4 answer A queries, IPv6 AAAA); an unknown name is NXDOMAIN. */
  answer(name: string, addresses: readonly string[]): void;
  close(): Promise<void>;
}

interface Question {
  readonly name: string;
  readonly type: number;
  /** Offset of the byte after the question. */
  readonly end: number;
}

function readQuestion(query: Buffer): Question | undefined {
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length) {
    const length = query[offset]!;
    offset += 1;
    if (length === 0) {
      if (offset + 4 > query.length) return undefined;
      return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(offset), end: offset + 4 };
    }
    if (length > 63) return undefined;
    labels.push(query.toString('latin1', offset, offset + length));
    offset += length;
  }
  return undefined;
}

function resourceRecord(type: number, address: string): Buffer {
  const data = type === recordTypes.A
    ? Buffer.from(address.split('.').map(Number))
    : Buffer.from(expandIpv6(address), 'hex');
  const record = Buffer.alloc(12 + data.length);
  record.writeUInt16BE(0xc00c, 0); // a pointer to the question's name
  record.writeUInt16BE(type, 2);
  record.writeUInt16BE(1, 4); // class IN
  record.writeUInt32BE(0, 6); // TTL 0: no resolver may cache an answer the test is about to change
  record.writeUInt16BE(data.length, 10);
  data.copy(record, 12);
  return record;
}

function expandIpv6(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') && tail !== '' ? tail.split(':') : [];
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...(address.includes('::') ? zeros : []), ...tailGroups].map((group) => group.padStart(4, '0')).join('');
}

/**
 * A real DNS server over UDP on 127.0.0.1, answering A and AAAA queries from
 * a table the test changes while the gateway runs: the local stand-in for
 * the cluster DNS behind a headless Service.
 */
export async function startDnsServer(): Promise<DnsServer> {
  const table = new Map<string, readonly string[]>();
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    const question = readQuestion(query);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    const recursionDesired = query[2]! % 2; // the RD flag is the lowest bit
    const known = question === undefined ? undefined : table.get(question.name);
    const rcode = question === undefined ? formatError : known === undefined ? nxDomain : 0;
    const answers = question === undefined || known === undefined ? [] : known
      .filter((address) => (question.type === recordTypes.A ? isIP(address) === 4 : question.type === recordTypes.AAAA && isIP(address) === 6))
      .map((address) => resourceRecord(question.type, address));
    header[2] = 0x84 + recursionDesired; // QR, AA, RD echoed
    header[3] = 0x80 + rcode; // RA
    header.writeUInt16BE(question === undefined ? 0 : 1, 4);
    header.writeUInt16BE(answers.length, 6);
    const body = question === undefined ? [] : [query.subarray(12, question.end), ...answers];
    socket.send(Buffer.concat([header, ...body]), peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    address: `127.0.0.1:${socket.address().port}`,
    answer(name, addresses) {
      table.set(name.toLowerCase(), [...addresses]);
    },
    async close() {
      socket.close();
      await once(socket, 'close');
    },
  };
}
