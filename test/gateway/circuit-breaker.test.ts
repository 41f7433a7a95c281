import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { CircuitBreaker, type BreakerState } from '../../src/gateway/circuit-breaker.js';
import { requestLog, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

describe('CircuitBreaker', () => {
  const options = { threshold: 2, cooldownMs: 1000 };

  it('opens after the threshold of consecutive failures and skips while cooling down', () => {
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker(options, (state) => changes.push(state));
    breaker.recordFailure(0);
    expect(breaker.state).to.equal('closed');
    breaker.recordFailure(10);
    expect(breaker.state).to.equal('open');
    expect(breaker.isAvailable(500)).to.equal(false);
    expect(breaker.tryAcquire(500)).to.equal(false);
    expect(changes).to.deep.equal(['open']);
  });

  it('counts only consecutive failures', () => {
    const breaker = new CircuitBreaker(options);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(1);
    expect(breaker.state).to.equal('closed');
    expect(breaker.consecutiveFailures).to.equal(1);
  });

  it('lets exactly one probe through after the cooldown and closes when it succeeds', () => {
    const breaker = new CircuitBreaker(options);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.tryAcquire(1000)).to.equal(true);
    expect(breaker.state).to.equal('half-open');
    expect(breaker.tryAcquire(1001)).to.equal(false);
    breaker.recordSuccess();
    expect(breaker.state).to.equal('closed');
    expect(breaker.tryAcquire(1002)).to.equal(true);
  });

  it('reopens for a new cooldown when the probe fails', () => {
    const breaker = new CircuitBreaker(options);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.tryAcquire(1000);
    breaker.recordFailure(1000);
    expect(breaker.state).to.equal('open');
    expect(breaker.isAvailable(1999)).to.equal(false);
    expect(breaker.isAvailable(2000)).to.equal(true);
  });

  it('frees the probe slot when the probe proved nothing', () => {
    const breaker = new CircuitBreaker(options);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.tryAcquire(1000);
    breaker.release();
    expect(breaker.state).to.equal('half-open');
    expect(breaker.tryAcquire(1000)).to.equal(true);
  });

  it('with active probes, leaves the half-open try to a probe, never to a request', () => {
    const breaker = new CircuitBreaker({ ...options, probed: true });
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.isAvailable(5000)).to.equal(false);
    expect(breaker.tryAcquire(5000)).to.equal(false);
    expect(breaker.tryAcquireProbe(500)).to.equal(false);
    expect(breaker.tryAcquireProbe(5000)).to.equal(true);
    expect(breaker.state).to.equal('half-open');
    expect(breaker.tryAcquireProbe(5000)).to.equal(false);
    breaker.recordSuccess();
    expect(breaker.tryAcquire(5001)).to.equal(true);
  });

  it('opens at once, whatever the count, when its backend is judged dead', () => {
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker({ threshold: 5, cooldownMs: 1000 }, (state) => changes.push(state));
    breaker.open(100);
    expect(breaker.state).to.equal('open');
    expect(breaker.isAvailable(1099)).to.equal(false);
    expect(breaker.isAvailable(1100)).to.equal(true);
    expect(changes).to.deep.equal(['open']);
  });
});

interface ReadyBody {
  status: string;
  backends: Array<{ url: string; breaker: string; consecutive_failures: number }>;
}

async function readiness(rig: GatewayRig): Promise<ReadyBody> {
  return await (await fetch(`${rig.gateway.url}/readyz`)).json() as ReadyBody;
}

describe('circuit breakers on real traffic', () => {
  // Long enough that the checks made while the breaker is open finish inside it on a loaded machine.
  const cooldownMs = 400;
  let rig: GatewayRig;
  let failing = true;

  before(async () => {
    rig = await startRig({ backends: [{}, {}], gateway: { breakerThreshold: 2, breakerCooldownMs: cooldownMs, retries: 1 } });
    rig.backends[0]!.server.prependListener('request', (req) => {
      if (failing) req.headers['x-mock-fault'] = 'http-500';
    });
  });
  after(() => rig.close());

  it('opens after consecutive failures, skips the backend, and closes after the cooldown once it recovers', async () => {
    const sick = rig.backends[0]!.url;
    // GIVEN one backend answering 500: clients never notice, the gateway fails over
    for (let index = 0; index < 4; index++) {
      expect((await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 1 }))).status).to.equal(200);
    }
    // THEN its breaker is open, visible in /readyz and /metrics, and requests no longer try it
    expect((await readiness(rig)).backends.find((backend) => backend.url === sick)).to.include({ breaker: 'open' });
    const metrics = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    expect(metrics).to.include(`llm_gateway_breaker_state{backend="${sick}"} 2`);
    await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 1 }), { 'x-request-id': 'while-open' });
    expect(await requestLog(rig, (line) => line.request_id === 'while-open')).to.include({ tries: 1 });
    // WHEN it recovers and the cooldown passes, THEN one request probes it and closes the breaker
    failing = false;
    await new Promise((resolve) => setTimeout(resolve, cooldownMs + 10));
    for (let index = 0; index < 2; index++) await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 1 }));
    expect((await readiness(rig)).backends.find((backend) => backend.url === sick)).to.include({ breaker: 'closed', consecutive_failures: 0 });
  });
});
