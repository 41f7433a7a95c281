import { expect } from 'chai';
import { describe, it } from 'mocha';
import { mean, quantile, quantileSorted } from 'simple-statistics';
import { resampleQuantile } from '../../../src/bench/stats/order-statistics.js';
import { createSeededRandom } from '../../../src/random/seeded-random.js';

/** The textbook bootstrap: draw n values with replacement, take the quantile. */
function naiveResampleQuantile(sorted: number[], p: number, random: () => number): number {
  return quantile(sorted.map(() => sorted[Math.floor(random() * sorted.length)]), p);
}

describe('resampleQuantile', () => {
  const data = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

  for (const p of [0.5, 0.95]) {
    it(`matches the textbook bootstrap distribution of the ${p * 100}th percentile`, () => {
      const fast = createSeededRandom(1);
      const naive = createSeededRandom(2);
      const draws = 20000;
      const fastDraws = Array.from({ length: draws }, () => resampleQuantile(data, p, fast)).sort((a, b) => a - b);
      const naiveDraws = Array.from({ length: draws }, () => naiveResampleQuantile(data, p, naive)).sort((a, b) => a - b);
      expect(mean(fastDraws)).to.be.closeTo(mean(naiveDraws), mean(naiveDraws) * 0.02);
      for (const q of [0.1, 0.5, 0.9]) {
        expect(quantileSorted(fastDraws, q)).to.be.closeTo(quantileSorted(naiveDraws, q), 0.1 * quantileSorted(naiveDraws, q) + 1);
      }
    });
  }

  it('returns the only value of a single sample and stays within the data', () => {
    const random = createSeededRandom(3);
    expect(resampleQuantile([7], 0.95, random)).to.equal(7);
    for (let draw = 0; draw < 1000; draw++) expect(resampleQuantile(data, 0.99, random)).to.be.within(1, 144);
  });
});
