import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { after, before, describe, it } from 'mocha';
import { Http1Connection, maxHeadBytes } from '../../../src/bench/run/http1-connection.js';
import { fuzzRuns } from '../../support/fuzz-runs.js';

interface Heard { status: number; bodyBytes: number; error?: string; ended: boolean; settles: number }

/** A raw TCP server that answers the next request on each connection with the bytes `next()` gives, then ends. */
async function startRawServer(next: () => Buffer[]) {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      for (const piece of next()) socket.write(piece);
      socket.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), server };
}

/** Sends one request on a new connection; resolves when the response is settled, then counts later settlements in `settles`. */
function exchange(url: URL): Promise<Heard> {
  return new Promise((resolve) => {
    const heard: Heard = { status: 0, bodyBytes: 0, ended: false, settles: 0 };
    const settle = (result: Partial<Heard>): void => {
      heard.settles++;
      if (heard.settles === 1) resolve(Object.assign(heard, result));
    };
    const connection = new Http1Connection(url, () => connection.close(), () => undefined);
    connection.send(Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n'), {
      onStatus: (status) => { heard.status = status; },
      onData: (chunk) => { heard.bodyBytes += chunk.length; },
      onEnd: () => settle({ ended: true }),
      onError: (error) => settle({ error: error.code ?? error.message }),
    });
  });
}

const bytes = (text: string): Buffer[] => [Buffer.from(text, 'latin1')];

describe('Http1Connection: responses it cannot frame', () => {
  let answer: Buffer[] = [];
  let raw: Awaited<ReturnType<typeof startRawServer>>;
  before(async () => { raw = await startRawServer(() => answer); });
  after(() => new Promise<void>((resolve) => raw.server.close(() => resolve())));

  it('rejects a bad, negative or conflicting content-length as malformed instead of spinning', async () => {
    for (const head of [
      'content-length: abc', 'content-length: -5', 'content-length: 5\r\ncontent-length: 6', 'content-length: 5, 6',
      'content-length: 1e3', 'content-length: 5\r\ntransfer-encoding: chunked',
    ]) {
      answer = bytes(`HTTP/1.1 200 OK\r\n${head}\r\n\r\nhello`);
      expect(await exchange(raw.url), head).to.deep.include({ error: 'BENCH_MALFORMED_RESPONSE', ended: false });
    }
    answer = bytes('HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 5\r\n\r\nhello');
    expect(await exchange(raw.url)).to.deep.equal({ status: 200, bodyBytes: 5, ended: true, settles: 1 });
  });

  it('rejects bad chunk sizes, chunk data without its CRLF, header lines without a colon', async () => {
    for (const rest of [
      'transfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
      'transfer-encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n',
      'transfer-encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n',
      'transfer-encoding: chunked\r\n\r\n3x\r\nabc\r\n0\r\n\r\n',
      'no colon here\r\n\r\n',
    ]) {
      answer = bytes(`HTTP/1.1 200 OK\r\n${rest}`);
      expect(await exchange(raw.url), rest).to.deep.include({ error: 'BENCH_MALFORMED_RESPONSE' });
    }
  });

  it('gives up on a head that never ends once it passes the limit, without buffering the rest', async () => {
    answer = [Buffer.from('HTTP/1.1 200 OK\r\n'), ...Array.from({ length: 40 }, () => Buffer.from(`x-filler: ${'a'.repeat(8000)}\r\n`))];
    expect(maxHeadBytes).to.be.below(40 * 8000);
    expect(await exchange(raw.url)).to.deep.include({ error: 'BENCH_MALFORMED_RESPONSE' });
  });
});

/** Valid responses of every framing, to mutate. */
const validResponse = fc.oneof(
  fc.string({ maxLength: 64 }).map((body) => `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  fc.array(fc.string({ minLength: 1, maxLength: 16 }), { maxLength: 4 }).map((parts) => `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${
    parts.map((part) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`).join('')}0\r\n\r\n`),
  fc.string({ maxLength: 64 }).map((body) => `HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n${body}`),
);

/** Responses with bytes replaced, inserted, deleted or cut, or plain noise; delivered in random pieces. */
const brokenResponse = fc.oneof(
  fc.tuple(validResponse, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete')), {
    minLength: 1, maxLength: 4,
  })).map(([text, edits]) => {
    const data = [...Buffer.from(text, 'latin1')];
    for (const [position, byte, kind] of edits) {
      const at = data.length === 0 ? 0 : position % data.length;
      if (kind === 'replace') data[at] = byte;
      else if (kind === 'insert') data.splice(at, 0, byte);
      else data.splice(at, 1);
    }
    return Buffer.from(data);
  }),
  fc.tuple(validResponse, fc.nat()).map(([text, cut]) => Buffer.from(text, 'latin1').subarray(0, cut % (text.length + 1))),
  fc.uint8Array({ maxLength: 200 }).map((noise) => Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), Buffer.from(noise)])),
  fc.uint8Array({ maxLength: 200 }).map((noise) => Buffer.from(noise)),
);

function splitAt(buffer: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (buffer.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(buffer.subarray(from, point));
    from = point;
  }
  pieces.push(buffer.subarray(from));
  return pieces.filter((piece) => piece.length > 0);
}

describe('Http1Connection: random and mutated responses (fuzz)', () => {
  let answer: Buffer[] = [];
  let raw: Awaited<ReturnType<typeof startRawServer>>;
  before(async () => { raw = await startRawServer(() => answer); });
  after(() => new Promise<void>((resolve) => raw.server.close(() => resolve())));

  it('always settles the request once, with a response or a known error, and never delivers more than was sent', async function () {
    this.timeout(Math.max(10_000, fuzzRuns(100) * 50));
    await fc.assert(fc.asyncProperty(brokenResponse, fc.array(fc.nat(), { maxLength: 4 }), async (response, cuts) => {
      answer = splitAt(response, cuts);
      const heard = await exchange(raw.url);
      await new Promise(setImmediate);
      expect(heard.settles).to.equal(1);
      expect(heard.ended || heard.error !== undefined).to.equal(true);
      if (heard.error !== undefined) expect(['BENCH_MALFORMED_RESPONSE', 'ECONNRESET']).to.include(heard.error);
      expect(heard.bodyBytes).to.be.at.most(response.length);
    }), { numRuns: fuzzRuns(100) });
  });
});
