import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { getRequestId, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('requestIdMiddleware', () => {
  let server: RunningServer;

  before(async () => {
    const router = new Router();
    router.get('/id', (ctx) => {
      ctx.body = { id: getRequestId(ctx) };
    });
    server = await serveRouter(router);
  });
  after(() => server.close());

  it('keeps a sane caller id and echoes it', async () => {
    const response = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).to.equal('abc-123');
    expect(await response.json()).to.deep.equal({ id: 'abc-123' });
  });

  it('generates a fresh id when none or a bad one is sent, also on errors', async () => {
    const ids = new Set<string>();
    for (const headers of [{} as Record<string, string>, { 'x-request-id': 'x'.repeat(200) }, { 'x-request-id': 'has space' }]) {
      const response = await fetch(`${server.url}/id`, { headers });
      const id = response.headers.get('x-request-id')!;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      ids.add(id);
    }
    expect(ids.size).to.equal(3);
    const missing = await fetch(`${server.url}/missing`);
    expect(missing.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });
});
