import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { Http1Connection } from '../../../src/bench/run/http1-connection.js';

/** A raw TCP server that answers each request with the next scripted byte pieces, written one turn apart ('<end>' ends the socket). */
async function startScriptedServer(script: (string[] | 'close')[]) {
  const server = net.createServer((socket) => {
    socket.on('data', async () => {
      const pieces = script.shift();
      if (pieces === 'close') {
        socket.destroy();
        return;
      }
      for (const piece of pieces ?? []) {
        if (piece === '<end>') socket.end();
        else socket.write(piece);
        await nextTurn();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), server };
}

interface Heard { status: number; body: string; error?: string; ended: boolean }

function request(connection: Http1Connection): Promise<Heard> {
  return new Promise((resolve) => {
    const heard: Heard = { status: 0, body: '', ended: false };
    connection.send(Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n'), {
      onStatus: (status) => { heard.status = status; },
      onData: (chunk) => { heard.body += chunk.toString(); },
      onEnd: () => resolve({ ...heard, ended: true }),
      onError: (error) => resolve({ ...heard, error: error.code ?? error.message }),
    });
  });
}

describe('Http1Connection', () => {
  const script: (string[] | 'close')[] = [];
  let scripted: Awaited<ReturnType<typeof startScriptedServer>>;
  before(async () => { scripted = await startScriptedServer(script); });
  after(() => new Promise<void>((resolve) => scripted.server.close(() => resolve())));

  it('parses content-length and chunked bodies split anywhere, and keeps the connection for the next request', async () => {
    // GIVEN a response split inside the head, one split inside a chunk size and its CRLF, and trailers
    script.push(
      ['HTTP/1.1 200 OK\r\ncontent-le', 'ngth: 5\r\n\r\nhel', 'lo'],
      ['HTTP/1.1 200 OK\r\n', 'transfer-encoding: chunked\r\n\r\n3\r', '\nabc\r\n1', '0;ext=1\r\n0123456789abcdef\r\n0\r\n', 'x-trailer: 1\r\n\r\n'],
      ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'],
    );
    const idle: Http1Connection[] = [];
    const connection = new Http1Connection(scripted.url, (ready) => idle.push(ready), () => undefined);
    // WHEN / THEN
    expect(await request(connection)).to.deep.equal({ status: 200, body: 'hello', ended: true });
    expect(await request(connection)).to.deep.equal({ status: 200, body: 'abc0123456789abcdef', ended: true });
    expect(await request(connection)).to.deep.equal({ status: 204, body: '', ended: true });
    expect(idle).to.have.length(3);
    connection.close();
  });

  it('reads a body without length until the server closes, and honours connection: close', async () => {
    script.push(['HTTP/1.1 200 OK\r\nconnection: close\r\n\r\npartial', ' body', '<end>']);
    const closed: Http1Connection[] = [];
    const connection = new Http1Connection(scripted.url, () => undefined, (gone) => closed.push(gone));
    expect(await request(connection)).to.deep.equal({ status: 200, body: 'partial body', ended: true });
    expect(closed).to.deep.equal([connection]);
  });

  it('fails the request on a reset, a malformed status line or a refused connection', async () => {
    script.push('close', ['SMTP ready\r\n\r\n']);
    expect((await request(new Http1Connection(scripted.url, () => undefined, () => undefined))).error).to.equal('ECONNRESET');
    expect((await request(new Http1Connection(scripted.url, () => undefined, () => undefined))).error).to.equal('BENCH_MALFORMED_RESPONSE');
    expect((await request(new Http1Connection(new URL('http://127.0.0.1:9'), () => undefined, () => undefined))).error).to.equal('ECONNREFUSED');
  });
});
