import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { UpstreamClient } from '../../src/gateway/upstream-client.js';

async function readAll(stream: IncomingMessage): Promise<string> {
  let text = '';
  for await (const part of stream) text += String(part);
  return text;
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

  it('sends method, path under the base path (less its /v1), headers and body over a kept-alive socket', async () => {
    const client = new UpstreamClient(base);
    const body = Buffer.from('{"x":1}');
    const sockets = new Set<unknown>();
    for (let index = 0; index < 2; index++) {
      const response = await client.call({ method: 'POST', path: '/v1/echo?q=1', headers: { 'x-request-id': 'r1', 'content-length': body.length }, body }).response;
      sockets.add(response.socket);
      expect(JSON.parse(await readAll(response))).to.deep.equal({ method: 'POST', url: '/prefix/v1/echo?q=1', body: '{"x":1}', id: 'r1' });
    }
    expect(sockets.size).to.equal(1);
    client.close();
  });

  it('aborts a request waiting for headers, and the server sees the close', async () => {
    const client = new UpstreamClient(base);
    const arrived = once(hangs, 'arrived');
    const call = client.call({ method: 'GET', path: '/hang', headers: {} });
    await arrived;
    const serverSawClose = once(hangs, 'closed');
    const reason = new Error('stop');
    call.abort(reason);
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
});
