import { expect } from 'chai';
import { describe, it } from 'mocha';
import { CircuitBreaker, type BreakerState } from '../../src/gateway/circuit-breaker.js';

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
});
