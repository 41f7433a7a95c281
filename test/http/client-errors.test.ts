import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { readJsonBody, startServer, type RunningServer } from '../../src/http/index.js';

/** Writes `pieces` on a raw socket and resolves with everything read until the server closes. */
async function rawExchange(url: string, pieces: readonly string[]): Promise<{ text: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  await once(socket, 'connect');
  const startedAt = performance.now();
  for (const piece of pieces) socket.write(piece);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A server that closes while we still write resets the connection; what it answered before that is in `chunks`.
  socket.on('error', () => undefined);
  await Promise.race([once(socket, 'close'), once(socket, 'end')]);
  socket.destroy();
  return { text: Buffer.concat(chunks).toString('latin1'), closedAfterMs: performance.now() - startedAt };
}

function errorOf(text: string): { status: number; error: Record<string, unknown> } {
  const [head, body] = text.split('\r\n\r\n') as [string, string];
  return { status: Number(head.split(' ')[1]), error: (JSON.parse(body) as { error: Record<string, unknown> }).error };
}

describe('startServer: client timeouts and unparseable requests', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer((req, res) => {
      void readJsonBody(req, { maxBytes: 1024, maxDepth: 8 }).then(() => res.end('{}'), () => res.end());
    }, { headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });
  after(() => server.close(0));

  it('answers a client that never finishes its headers with 408 in OpenAI format, in seconds', async () => {
    const { text, closedAfterMs } = await rawExchange(server.url, ['POST / HTTP/1.1\r\nhost: x\r\nx-slow: 1\r\n']);
    expect(errorOf(text)).to.deep.equal({
      status: 408, error: { message: 'The request was not received in time.', type: 'invalid_request_error', param: null, code: 'request_timeout' },
    });
    expect(closedAfterMs).to.be.below(3000);
  });

  it('answers a request whose declared body never arrives with 408', async () => {
    const { text, closedAfterMs } = await rawExchange(server.url, [
      'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":',
    ]);
    expect(errorOf(text).status).to.equal(408);
    expect(closedAfterMs).to.be.below(3000);
  });

  it('answers malformed HTTP with 400 and oversized headers with 431, both in OpenAI format', async () => {
    const { text: garbage } = await rawExchange(server.url, ['NOT HTTP AT ALL\r\n\r\n']);
    expect(errorOf(garbage)).to.deep.include({ status: 400 });
    expect(errorOf(garbage).error.code).to.equal('malformed_http');
    const { text: smuggled } = await rawExchange(server.url, [
      'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
    ]);
    expect(errorOf(smuggled).status).to.equal(400);
    const { text: huge } = await rawExchange(server.url, [`GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(errorOf(huge)).to.deep.include({ status: 431 });
  });

  it('does not cut a response that lasts longer than the request timeout', async () => {
    const slow = await startServer((_req, res) => {
      res.write('start ');
      setTimeout(() => res.end('end'), 2_500);
    }, { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const response = await fetch(slow.url);
      expect(await response.text()).to.equal('start end');
    } finally {
      await slow.close(0);
    }
  });
});
