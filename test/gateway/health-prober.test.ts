import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { BackendDownError, BackendPool } from '../../src/gateway/backend-pool.js';
import { Deadline } from '../../src/gateway/deadline.js';
import { HealthProber } from '../../src/gateway/health-prober.js';
import { startHungBackend } from '../support/hung-backend.js';

describe('HealthProber', () => {
  let healthy = true;
  let server: Server;
  let url: string;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/v1/models') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'probe-model' }, { nope: 1 }] }));
        return;
      }
      res.statusCode = healthy ? 200 : 503;
      res.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('opens the breaker of a backend whose probes fail, and closes it after the cooldown once it is healthy', async () => {
    // GIVEN a backend that fails its health checks
    const pool = new BackendPool([url], { threshold: 2, cooldownMs: 50 });
    const prober = new HealthProber(pool.backends, { intervalMs: 0, timeoutMs: 500, path: '/health' });
    const breaker = pool.backends[0]!.breaker;
    healthy = false;
    // WHEN probed twice
    await prober.probeAll();
    await prober.probeAll();
    // THEN its breaker is open and no request is sent to it
    expect(breaker.state).to.equal('open');
    expect(pool.acquire(undefined, performance.now())).to.equal(undefined);
    // WHEN it recovers: no probe during the cooldown, then one probe closes the breaker
    healthy = true;
    await prober.probeAll();
    expect(breaker.state).to.equal('open');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await prober.probeAll();
    expect(breaker.state).to.equal('closed');
    expect(pool.backends[0]!.models).to.deep.equal(new Set(['probe-model']));
    pool.close();
  });

  it('counts a refused connection as a failure and probes on its own schedule until stopped', async () => {
    // GIVEN a prober with a short interval in front of a port nobody listens on
    let prober: HealthProber | undefined;
    const opened = new Promise<string>((resolve) => {
      const pool = new BackendPool([url.replace(/:\d+$/, ':1')], { threshold: 1, cooldownMs: 60_000 }, (_backend, state) => resolve(state));
      prober = new HealthProber(pool.backends, { intervalMs: 10, timeoutMs: 500, path: '/health' });
    });
    // WHEN it runs on its own
    prober!.start();
    // THEN the breaker opens without any request being sent
    expect(await opened).to.equal('open');
    prober!.stop();
  });

  it('judges a backend hung when a probe gets no answer while a try waits on it: the breaker opens at once, the try is released', async () => {
    // GIVEN a backend that accepts connections and never answers, with a threshold of 3 failures
    const hung = await startHungBackend();
    const pool = new BackendPool([hung.url], { threshold: 3, cooldownMs: 60_000, probed: true });
    const prober = new HealthProber(pool.backends, { intervalMs: 0, timeoutMs: 100, path: '/health' });
    const backend = pool.backends[0]!;
    try {
      // WHEN it is probed with no try waiting THEN that is one failure
      await prober.probeAll();
      expect(backend.breaker.state).to.equal('closed');
      expect(backend.breaker.consecutiveFailures).to.equal(1);
      // WHEN it is probed while a request's try waits on it
      const waiting = new Deadline({ totalMs: 60_000, ttftMs: 60_000 });
      const released = new Promise<Error>((resolve) => waiting.onAbort({ stop: resolve }));
      pool.acquire(undefined, performance.now());
      backend.track(waiting);
      await prober.probeAll();
      // THEN its breaker opens at once and the try is released to fail over
      expect(backend.breaker.state).to.equal('open');
      expect(await released).to.be.instanceOf(BackendDownError);
      waiting.dispose();
    } finally {
      pool.close();
      await hung.close();
    }
  });

  it('learns the models of a real mock backend', async () => {
    const backend = await startBackend({ models: ['a-model', 'b-model'] });
    const pool = new BackendPool([backend.url], { threshold: 1, cooldownMs: 1000 });
    await new HealthProber(pool.backends, { intervalMs: 0, timeoutMs: 1000, path: '/health' }).discoverModels();
    expect([...pool.backends[0]!.models!]).to.deep.equal(['a-model', 'b-model']);
    pool.close();
    await backend.close();
  });
});
