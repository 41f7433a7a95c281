import { expect } from 'chai';
import { describe, it } from 'mocha';
import { backoffDelayMs, parseRetryAfterMs } from '../../src/gateway/backoff.js';

describe('backoffDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('draws up to base * 2^(retry-1), capped by the maximum', () => {
    expect(backoffDelayMs(1, options, 0, () => 0.5)).to.equal(50);
    expect(backoffDelayMs(3, options, 0, () => 1)).to.equal(400);
    expect(backoffDelayMs(10, options, 0, () => 1)).to.equal(1000);
    expect(backoffDelayMs(2, options, 0, () => 0)).to.equal(0);
  });

  it('waits at least retry-after, but never past the maximum', () => {
    expect(backoffDelayMs(1, options, 300, () => 0)).to.equal(300);
    expect(backoffDelayMs(1, options, 5000, () => 0)).to.equal(1000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2')).to.equal(2000);
    expect(parseRetryAfterMs('0.5')).to.equal(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now)).to.equal(3000);
    expect(parseRetryAfterMs(['1', '9'])).to.equal(1000);
  });

  it('gives 0 for absent, past or unreadable values', () => {
    expect(parseRetryAfterMs(undefined)).to.equal(0);
    expect(parseRetryAfterMs('')).to.equal(0);
    expect(parseRetryAfterMs('soon')).to.equal(0);
    expect(parseRetryAfterMs('-3')).to.equal(0);
  });
});
