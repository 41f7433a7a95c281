import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { AuthenticationError, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('createApiApp', () => {
  let server: RunningServer;

  before(async () => {
    const router = new Router();
    router.get('/private', (ctx) => {
      ctx.body = { secret: 42 };
    });
    const requireKey = async (ctx: { get(name: string): string }, next: () => Promise<void>): Promise<void> => {
      if (ctx.get('authorization') !== 'Bearer k') throw new AuthenticationError();
      await next();
    };
    server = await serveRouter(router, { middleware: [requireKey] });
  });
  after(() => server.close());

  it('runs extra middleware before the routes, with errors in OpenAI format and a request id', async () => {
    const denied = await fetch(`${server.url}/private`);
    expect(denied.status).to.equal(401);
    expect(denied.headers.get('x-request-id')).to.be.a('string');
    expect((await denied.json() as any).error.code).to.equal('invalid_api_key');
    const allowed = await fetch(`${server.url}/private`, { headers: { authorization: 'Bearer k' } });
    expect(await allowed.json()).to.deep.equal({ secret: 42 });
  });
});
