import { expect } from 'chai';
import { describe, it } from 'mocha';
import { summarizeLatencies } from '../../../src/bench/stats/latency-stats.js';

describe('summarizeLatencies', () => {
  it('matches statistics computed by hand for 1..20 ms', () => {
    // Rank (n - 1) * p from 0, interpolated: p50 -> 9.5 -> 10.5; p90 -> 17.1 -> 18.1; p95 -> 18.05 -> 19.05;
    // p99 -> 18.81 -> 19.81. Mean 10.5; sample variance = n(n + 1) / 12 = 35, sd = 5.916.
    const samples = Array.from({ length: 20 }, (_, index) => 20 - index);
    expect(summarizeLatencies(samples)).to.deep.equal({
      count: 20, min_ms: 1, mean_ms: 10.5, p50_ms: 10.5, p90_ms: 18.1, p95_ms: 19.05, p99_ms: 19.81, max_ms: 20, stddev_ms: 5.916,
    });
  });

  it('handles a single sample and none', () => {
    expect(summarizeLatencies([4])).to.include({ count: 1, p50_ms: 4, p99_ms: 4, stddev_ms: 0 });
    expect(summarizeLatencies([])).to.equal(undefined);
  });

  it('interpolates between ranks for an odd count', () => {
    // n = 5, p95: rank 3.8 -> 4 + 0.8 * (5 - 4) = 4.8; p50: rank 2 -> exactly 3.
    expect(summarizeLatencies([5, 1, 4, 2, 3])).to.include({ p50_ms: 3, p95_ms: 4.8 });
  });
});
