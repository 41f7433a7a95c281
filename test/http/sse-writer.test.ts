import { once } from 'node:events';
import { get, request, type IncomingMessage } from 'node:http';
import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { SseWriter, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('SseWriter', () => {
  let server: RunningServer;
  let closedWhileOpen: Promise<boolean>;

  before(async () => {
    const router = new Router();
    router.get('/events', async (ctx) => {
      const writer = SseWriter.open(ctx, 200, { 'x-extra': 'yes' });
      writer.sendData('plain');
      writer.sendJson({ n: 1 });
      writer.sendRaw(': comment\n\n');
      await writer.drain();
      writer.end();
      writer.end();
      expect(writer.isOpen).to.equal(false);
    });
    router.get('/no-done', (ctx) => {
      SseWriter.open(ctx).end(false);
    });
    router.get('/hang', (ctx) => {
      const writer = SseWriter.open(ctx);
      closedWhileOpen = new Promise((resolve) => writer.onClose(() => resolve(writer.isOpen)));
    });
    router.get('/cut', (ctx) => {
      const writer = SseWriter.open(ctx);
      writer.sendData('partial');
      writer.destroy();
    });
    server = await serveRouter(router);
  });
  after(() => server.close());

  it('writes data frames then [DONE] with SSE headers', async () => {
    const response = await fetch(`${server.url}/events`);
    expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).to.equal('no-cache');
    expect(response.headers.get('x-extra')).to.equal('yes');
    expect(response.headers.get('x-request-id')).to.be.a('string');
    expect(await response.text()).to.equal('data: plain\n\ndata: {"n":1}\n\n: comment\n\ndata: [DONE]\n\n');
  });

  it('answers a client that asked to close with connection: close, and closes', async () => {
    const req = request(`${server.url}/events`, { headers: { connection: 'close' } });
    req.end();
    const [res] = await once(req, 'response') as [IncomingMessage];
    expect(res.headers.connection).to.equal('close');
    res.resume();
    await once(req.socket!, 'close');
  });

  it('keeps a kept-alive connection open and says so', async () => {
    const response = await fetch(`${server.url}/events`);
    expect(response.headers.get('connection')).to.equal('keep-alive');
    await response.text();
  });

  it('can end without [DONE]', async () => {
    expect(await (await fetch(`${server.url}/no-done`)).text()).to.equal('');
  });

  it('sends headers before any frame and reports the client leaving', async () => {
    const req = get(`${server.url}/hang`);
    const [res] = await once(req, 'response');
    expect(res.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
    req.destroy();
    expect(await closedWhileOpen).to.equal(false);
  });

  it('destroy cuts the stream: the client gets an error, not an end', async () => {
    const response = await fetch(`${server.url}/cut`);
    expect(await response.text().catch((error: unknown) => error)).to.be.instanceOf(Error);
  });
});
