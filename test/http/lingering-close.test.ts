import { once } from 'node:events';
import { request } from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { readJsonBody, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

const uploadBytes = 20 * 1024 * 1024;

/** Uploads `uploadBytes` of JSON, declared by content-length or chunked, and reads the answer or the socket error. */
function upload(url: string, chunked: boolean): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = uploadBytes;
    const req = request(`${url}/echo`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ status: res.statusCode, error: error.code }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    Readable.from((function* pieces() {
      while (sent < uploadBytes) {
        sent += piece.length;
        yield piece;
      }
    })()).pipe(req);
  });
}

/**
 * Sends a whole 20 MB request before reading a byte of the answer, as curl and Python's clients do: the case
 * where a server that closes at once resets the connection and the client never sees the 413.
 */
async function uploadThenRead(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.pause();
  const received: Buffer[] = [];
  const ended = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(received).toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
  });
  try {
    await once(socket, 'connect');
    socket.write(`POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${uploadBytes}\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < uploadBytes; sent += piece.length) {
      if (!socket.write(piece)) await Promise.race([once(socket, 'drain'), once(socket, 'close')]);
      if (socket.destroyed) break;
    }
  } catch {
    // The outcome is what the socket reads (or its error), below.
  }
  socket.resume();
  return ended;
}

describe('413 with lingering close', () => {
  let server: RunningServer;
  before(async () => {
    const router = new Router();
    router.post('/echo', async (ctx) => {
      ctx.body = await readJsonBody(ctx.req, { maxBytes: 1024 * 1024, maxDepth: 8 });
    });
    server = await serveRouter(router);
  });
  after(() => server.close(0));

  it('lets a client still sending a 20 MB body read the 413, by content-length and chunked', async function () {
    this.timeout(60_000);
    for (let round = 0; round < 4; round++) {
      for (const chunked of [false, true]) {
        const answer = await upload(server.url, chunked);
        expect(answer, `round ${round}, chunked ${chunked}`).to.deep.include({ status: 413 });
        expect(JSON.parse(answer.body!).error.code).to.equal('request_too_large');
      }
    }
  });

  it('lets a client that reads only after sending everything read the 413', async function () {
    this.timeout(60_000);
    for (let round = 0; round < 3; round++) {
      const answer = await uploadThenRead(server.url);
      expect(answer.split('\r\n')[0], `round ${round}`).to.equal('HTTP/1.1 413 Payload Too Large');
      expect(answer).to.include('request_too_large');
    }
  });

  it('lets fetch (the openai SDK\'s transport) read the 413 of a body it sends in one piece', async () => {
    const response = await fetch(`${server.url}/echo`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(uploadBytes, 0x20),
    });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('request_too_large');
  });
});
