import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import Router from '@koa/router';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { ListenError, startServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

function slowRouter(release: Promise<void>): Router {
  const router = new Router();
  router.get('/slow', async (ctx) => {
    await release;
    ctx.body = { finished: true };
  });
  return router;
}

async function readBody(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}

describe('startServer', () => {
  it('listens on an ephemeral loopback port, reachable through url, and is ready', async () => {
    const server = await startServer((_req, res) => res.end('hi'), { port: 0 });
    try {
      expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
      expect(server.port).to.be.greaterThan(0);
      expect(server.readiness.isReady).to.equal(true);
      expect(await (await fetch(server.url)).text()).to.equal('hi');
    } finally {
      await server.close();
    }
  });

  it('reaches a wildcard host through loopback', async () => {
    const server = await startServer((_req, res) => res.end('any'), { host: '0.0.0.0' });
    try {
      expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
      expect(await (await fetch(server.url)).text()).to.equal('any');
    } finally {
      await server.close();
    }
  });

  it('throws ListenError with the errno code when the port is taken', async () => {
    const first = await startServer((_req, res) => res.end());
    try {
      let failure: unknown;
      try {
        await startServer((_req, res) => res.end(), { port: first.port });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(ListenError);
      expect((failure as ListenError).code).to.equal('EADDRINUSE');
    } finally {
      await first.close();
    }
  });

  it('drains on close: readiness flips, new connections are refused, in-flight requests finish', async () => {
    let release!: () => void;
    const server = await serveRouter(slowRouter(new Promise((resolve) => (release = resolve))));
    const req = get(`${server.url}/slow`);
    await once(server.server, 'request');
    expect(server.inFlight).to.equal(1);

    const closed = server.close();
    expect(server.readiness.state).to.equal('draining');
    expect(server.close()).to.equal(closed);
    let refused: unknown;
    try {
      await fetch(`${server.url}/slow`);
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(Error);

    release();
    const [res] = await once(req, 'response') as [IncomingMessage];
    expect(res.statusCode).to.equal(200);
    expect(JSON.parse(await readBody(res))).to.deep.equal({ finished: true });
    await closed;
    expect(server.inFlight).to.equal(0);
  });

  it('cuts requests still running when the grace period ends', async () => {
    const server = await serveRouter(slowRouter(new Promise(() => undefined)));
    const req = get(`${server.url}/slow`);
    const failed = once(req, 'error');
    await once(server.server, 'request');
    await server.close(20);
    const [error] = await failed as [NodeJS.ErrnoException];
    expect(error.code).to.equal('ECONNRESET');
  });
});
