import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import type { RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('routeFallback', () => {
  let server: RunningServer;

  before(async () => {
    const router = new Router();
    router.post('/v1/things', (ctx) => {
      ctx.body = { ok: true };
    });
    router.get('/v1/things', (ctx) => {
      ctx.body = [];
    });
    server = await serveRouter(router);
  });
  after(() => server.close());

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const response = await fetch(`${server.url}/v1/things`, { method: 'DELETE' });
    expect(response.status).to.equal(405);
    expect(response.headers.get('allow')).to.equal('POST, HEAD, GET');
    expect((await response.json() as any).error.code).to.equal('method_not_allowed');
  });

  it('answers 404 in the OpenAI format for an unknown path', async () => {
    const response = await fetch(`${server.url}/v2/nothing`);
    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.equal({
      error: { message: 'Unknown route: GET /v2/nothing', type: 'invalid_request_error', param: null, code: 'not_found' },
    });
  });
});
