import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { Readiness, addHealthRoutes, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

describe('Readiness and health routes', () => {
  let server: RunningServer;
  const readiness = new Readiness();

  before(async () => {
    const router = new Router();
    addHealthRoutes(router, readiness);
    server = await serveRouter(router);
  });
  after(() => server.close());

  async function statusOf(path: string): Promise<[number, unknown]> {
    const response = await fetch(`${server.url}${path}`);
    return [response.status, await response.json()];
  }

  it('moves starting -> ready -> draining, never back', () => {
    const states = new Readiness();
    expect([states.state, states.isReady]).to.deep.equal(['starting', false]);
    states.markReady();
    expect([states.state, states.isReady]).to.deep.equal(['ready', true]);
    states.markDraining();
    states.markReady();
    expect([states.state, states.isReady]).to.deep.equal(['draining', false]);
  });

  it('answers liveness always and readiness only when ready', async () => {
    expect(await statusOf('/healthz')).to.deep.equal([200, { status: 'ok' }]);
    expect(await statusOf('/health')).to.deep.equal([200, { status: 'ok' }]);
    expect(await statusOf('/readyz')).to.deep.equal([503, { status: 'starting' }]);
    readiness.markReady();
    expect(await statusOf('/ready')).to.deep.equal([200, { status: 'ready' }]);
    readiness.markDraining();
    expect(await statusOf('/readyz')).to.deep.equal([503, { status: 'draining' }]);
    expect(await statusOf('/healthz')).to.deep.equal([200, { status: 'ok' }]);
  });
});
