import { expect } from 'chai';
import { describe, it } from 'mocha';
import { normalQuantile, wilsonInterval } from '../../../src/bench/stats/wilson-interval.js';

describe('normalQuantile', () => {
  it('gives the textbook z values', () => {
    expect(normalQuantile(0.975)).to.be.closeTo(1.959964, 1e-6);
    expect(normalQuantile(0.995)).to.be.closeTo(2.575829, 1e-6);
    expect(normalQuantile(0.5)).to.be.closeTo(0, 1e-6);
  });
});

describe('wilsonInterval', () => {
  it('matches the Wilson score interval computed by hand for 5 failures in 100', () => {
    // z = 1.95996, z²/n = 0.038415; centre = (0.05 + 0.019207) / 1.038415 = 0.066648;
    // half = z * sqrt(0.05 * 0.95 / 100 + 0.038415 / 400) / 1.038415 = 0.045103.
    const { lower, upper } = wilsonInterval(5, 100, 0.95);
    expect(lower).to.be.closeTo(0.021545, 1e-4);
    expect(upper).to.be.closeTo(0.111751, 1e-4);
  });

  it('gives a non-zero upper bound for zero failures: z²/(n + z²)', () => {
    const { lower, upper } = wilsonInterval(0, 100, 0.95);
    expect(lower).to.be.closeTo(0, 1e-12);
    expect(upper).to.be.closeTo(3.8415 / 103.8415, 1e-4);
  });

  it('narrows as the request count grows', () => {
    expect(wilsonInterval(20, 1000, 0.95).lower).to.be.greaterThan(wilsonInterval(2, 100, 0.95).lower);
    expect(wilsonInterval(0, 0, 0.95)).to.deep.equal({ lower: 0, upper: 1 });
  });
});
