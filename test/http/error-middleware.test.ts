import Router from '@koa/router';
import { expect } from 'chai';
import type { Context } from 'koa';
import { after, before, describe, it } from 'mocha';
import { RateLimitError, SseWriter, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('errorMiddleware', () => {
  let server: RunningServer;
  const reported: unknown[] = [];

  before(async () => {
    const router = new Router();
    router.get('/limited', () => {
      throw new RateLimitError('Too many requests.', 7);
    });
    router.get('/bug', (ctx) => {
      ctx.set('content-type', 'text/plain');
      throw new Error('secret internals at /srv/app.ts:42');
    });
    router.get('/koa-throw', (ctx: Context) => ctx.throw(418, 'short and stout'));
    router.get('/mid-stream', (ctx) => {
      const writer = SseWriter.open(ctx);
      writer.sendData('first');
      throw new Error('broke mid-stream');
    });
    server = await serveRouter(router, { onError: (error) => reported.push(error) });
  });
  after(() => server.close());

  it('sends an ApiError as the OpenAI error object with its status and headers', async () => {
    const response = await fetch(`${server.url}/limited`);
    expect(response.status).to.equal(429);
    expect(response.headers.get('retry-after')).to.equal('7');
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    expect(await response.json()).to.deep.equal({
      error: { message: 'Too many requests.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
  });

  it('hides an unknown error behind a generic 500 and reports it', async () => {
    const response = await fetch(`${server.url}/bug`);
    expect(response.status).to.equal(500);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    const text = await response.text();
    expect(text).not.to.include('secret');
    expect(JSON.parse(text).error).to.include({ type: 'server_error', code: 'internal_error' });
    expect(reported.some((error) => (error as Error).message.includes('secret internals'))).to.equal(true);
  });

  it("keeps the client-facing meaning of Koa's own 4xx errors", async () => {
    const response = await fetch(`${server.url}/koa-throw`);
    expect(response.status).to.equal(418);
    expect((await response.json() as any).error).to.include({ message: 'short and stout', type: 'invalid_request_error' });
  });

  it('destroys the socket when a stream fails after its headers went out', async () => {
    const response = await fetch(`${server.url}/mid-stream`);
    expect(response.status).to.equal(200);
    expect(await response.text().catch((error: unknown) => error)).to.be.instanceOf(Error);
    expect(reported.some((error) => (error as Error).message === 'broke mid-stream')).to.equal(true);
  });
});
