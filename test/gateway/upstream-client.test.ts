import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { UpstreamClient, type UpstreamResponse } from '../../src/gateway/upstream-client.js';

async function readAll(stream: IncomingMessage): Promise<string> {
  let text = '';
  for await (const part of stream) text += String(part);
  return text;
}

function readBody(response: UpstreamResponse): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => response.read({ onData: (chunk) => text += String(chunk), onEnd: () => resolve(text), onError: reject }));
}

describe('UpstreamClient', () => {
  let server: Server;
  let base: URL;
  const hangs = new EventEmitter();

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/prefix/hang') {
        hangs.emit('arrived');
        res.once('close', () => hangs.emit('closed'));
        return;
      }
      void readAll(req).then((body) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, body, id: req.headers['x-request-id'] }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/v1/`);
  });

  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('sends method, path under the base path (less its /v1), headers and body over kept-alive sockets', async () => {
    const client = new UpstreamClient(base);
    const body = Buffer.from('{"x":1}');
    let connections = 0;
    const countConnection = (): void => {
      connections += 1;
    };
    server.on('connection', countConnection);
    for (let index = 0; index < 6; index++) {
      const response = await client.call({ method: 'POST', path: '/v1/echo?q=1', headers: { 'x-request-id': 'r1', 'content-length': body.length }, body }).response;
      expect(response.statusCode).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(await readBody(response))).to.deep.equal({ method: 'POST', url: '/prefix/v1/echo?q=1', body: '{"x":1}', id: 'r1' });
    }
    server.off('connection', countConnection);
    // undici's pool may open a second connection for a request sent in the same tick as the previous one ended.
    expect(connections).to.be.within(1, 2);
    client.close();
  });

  it('aborts a request waiting for headers, and the server sees the close', async () => {
    const client = new UpstreamClient(base);
    const arrived = once(hangs, 'arrived');
    const call = client.call({ method: 'GET', path: '/hang', headers: {} });
    await arrived;
    const serverSawClose = once(hangs, 'closed');
    const reason = new Error('stop');
    call.stop(reason);
    const error = await call.response.catch((caught: unknown) => caught);
    expect(error).to.equal(reason);
    await serverSawClose;
    client.close();
  });

  it('rejects when the backend refuses the connection', async () => {
    const client = new UpstreamClient(new URL('http://127.0.0.1:1'));
    const error = await client.call({ method: 'GET', path: '/', headers: {} }).response.catch((caught: unknown) => caught);
    expect((error as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    client.close();
  });

  it('holds the body until it is read, so nothing is lost while the proxy decides', async () => {
    const client = new UpstreamClient(base);
    const response = await client.call({ method: 'POST', path: '/v1/echo', headers: {}, body: Buffer.from('held') }).response;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(await readBody(response)).body).to.equal('held');
    client.close();
  });

  it('stopping a call also stops a body read later, with the reason', async () => {
    const client = new UpstreamClient(base);
    const call = client.call({ method: 'POST', path: '/v1/echo', headers: {}, body: Buffer.from('x') });
    const response = await call.response;
    const reason = new Error('try limit');
    call.stop(reason);
    const error = await readBody(response).catch((caught: unknown) => caught);
    expect(error).to.equal(reason);
    client.close();
  });

  it('answers a small GET in full, and rejects one that overruns its time', async () => {
    const client = new UpstreamClient(base);
    const reply = await client.get('/v1/echo', {}, 1000);
    expect(reply.status).to.equal(200);
    expect(JSON.parse(reply.body.toString()).method).to.equal('GET');
    const error = await client.get('/hang', {}, 50).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal('no answer within 50 ms');
    client.close();
  });
});
