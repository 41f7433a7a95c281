import { expect } from 'chai';
import { describe, it } from 'mocha';
import { medianInterval, minimumPairs } from '../../../src/bench/stats/median-interval.js';
import { createSeededRandom } from '../../../src/random/seeded-random.js';

describe('medianInterval', () => {
  it('estimates the median, which one outlier does not move', () => {
    expect(medianInterval([1, 2, 3, 4, 5, 6], 0.95)).to.deep.equal({ estimate: 3.5, lower: 1, upper: 6 });
    expect(medianInterval([0.3, 0.2, 0.25, 0.3, -2, 0.28, 0.22, 0.31, 0.27, 0.26], 0.95)!.estimate).to.be.closeTo(0.265, 1e-12);
  });

  it('bounds the interval by the order statistics the sign test gives, so one outlier of ten cannot reach it', () => {
    // 95%: n = 6 and 8: the extremes; n = 9 and 10: the second from each end; n = 20: the sixth
    for (const [n, critical] of [[6, 0], [8, 0], [9, 1], [10, 1], [20, 5]] as const) {
      const values = Array.from({ length: n }, (_, index) => Math.sin(index * 7.3) + index / 10);
      const sorted = [...values].sort((a, b) => a - b);
      const interval = medianInterval(values, 0.95)!;
      expect([interval.lower, interval.upper], `n = ${n}`).to.deep.equal([sorted[critical], sorted[n - 1 - critical]]);
    }
    const slower = [0.3, 0.2, 0.25, 0.3, -2, 0.28, 0.22, 0.31, 0.27, 0.26];
    expect(medianInterval(slower, 0.95)!.lower).to.equal(0.2);
  });

  it('needs enough pairs for the confidence: 6 at 95%, 8 at 99%', () => {
    expect(minimumPairs(0.95)).to.equal(6);
    expect(minimumPairs(0.99)).to.equal(8);
    expect(medianInterval([1, 2, 3, 4, 5], 0.95)).to.equal(undefined);
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7], 0.99)).to.equal(undefined);
  });

  it('covers the true median as often as it says, whatever the distribution', () => {
    const random = createSeededRandom(11);
    const trials = 4000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      // Skewed (exponential, median ln 2), not symmetric: the interval assumes neither.
      const values = Array.from({ length: 10 }, () => -Math.log(1 - random()));
      const { lower, upper } = medianInterval(values, 0.95)!;
      if (lower <= Math.LN2 && upper >= Math.LN2) covered++;
    }
    // Exact coverage at n = 10 is 1 - 2 * P(Binomial(10, 1/2) <= 1) = 97.9%; 4000 trials put the count within 0.5 points.
    expect(covered / trials).to.be.within(0.97, 0.988);
  });
});
