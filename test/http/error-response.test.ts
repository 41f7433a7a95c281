import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { ApiError, writeErrorResponse } from '../../src/http/index.js';

describe('writeErrorResponse', () => {
  let server: Server | undefined;
  afterEach(() => { server?.close(); });

  async function serve(handler: RequestListener): Promise<string> {
    server = createServer(handler).listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers OpenAI\'s error object with the error\'s status and headers', async () => {
    // GIVEN a plain node:http handler that fails with a 429
    const url = await serve((_req, res) => {
      writeErrorResponse(res, new ApiError(429, 'rate_limit_error', 'Slow down', { code: 'rate_limited', headers: { 'retry-after': '2' } }));
    });
    // WHEN
    const response = await fetch(url);
    // THEN
    expect(response.status).to.equal(429);
    expect(response.headers.get('retry-after')).to.equal('2');
    expect(response.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(await response.json()).to.deep.equal({ error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limited' } });
  });

  it('destroys the socket once the response has started, so the client sees the failure', async () => {
    // GIVEN a response whose head and first bytes are already out
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n', () => writeErrorResponse(res, new ApiError(502, 'server_error', 'Upstream broke')));
    });
    // WHEN the client reads the body
    const response = await fetch(url);
    // THEN the read fails instead of ending cleanly
    expect(response.status).to.equal(200);
    let failed = false;
    try {
      await response.text();
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });
});
