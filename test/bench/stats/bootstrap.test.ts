import { expect } from 'chai';
import { describe, it } from 'mocha';
import { bootstrapQuantileRatios } from '../../../src/bench/stats/bootstrap.js';
import { latencySamples } from '../../support/bench-results.js';

const options = { resamples: 500, confidence: 0.95, seed: 7, blocks: 1 };

describe('bootstrapQuantileRatios', () => {
  it('gives exactly 2 everywhere when every sample doubles', () => {
    const baseline = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const [ratio] = bootstrapQuantileRatios(baseline, baseline.map((value) => value * 2), [0.95], { ...options, seed: 0 });
    // Both sides draw different resamples, so only the point estimate is exact.
    expect(ratio.estimate).to.equal(2);
    expect(ratio.lower).to.be.at.most(2);
    expect(ratio.upper).to.be.at.least(2);
  });

  it('covers 1 for two samples of one distribution and excludes it for a 30% slowdown', () => {
    const baseline = latencySamples(1000, 10, 1);
    const same = latencySamples(1000, 10, 2);
    const [aa] = bootstrapQuantileRatios(baseline, same, [0.95], options);
    expect(aa.lower).to.be.below(1);
    expect(aa.upper).to.be.above(1);
    const [slow] = bootstrapQuantileRatios(baseline, same.map((value) => value * 1.3), [0.95], options);
    expect(slow.lower).to.be.above(1.2);
  });

  it('repeats exactly for the same seed and differs for another', () => {
    const baseline = latencySamples(200, 10, 3);
    const current = latencySamples(200, 10, 4);
    const first = bootstrapQuantileRatios(baseline, current, [0.5, 0.95], options);
    expect(bootstrapQuantileRatios(baseline, current, [0.5, 0.95], options)).to.deep.equal(first);
    expect(bootstrapQuantileRatios(baseline, current, [0.5, 0.95], { ...options, seed: 8 })).not.to.deep.equal(first);
  });

  it('widens the interval, in blocks, when a stretch of one run was slower as a whole', () => {
    // GIVEN two runs of one build, the second with its last fifth 40% slower (another process took the CPU)
    const baseline = latencySamples(2000, 10, 5);
    const current = latencySamples(2000, 10, 6).map((value, index) => (index >= 1600 ? value * 1.4 : value));
    // WHEN
    const [independent] = bootstrapQuantileRatios(baseline, current, [0.95], options);
    const [blocked] = bootstrapQuantileRatios(baseline, current, [0.95], { ...options, blocks: 20 });
    // THEN the block interval is twice as wide around the same estimate
    const width = (interval: { lower: number; upper: number }) => interval.upper - interval.lower;
    expect(blocked.estimate).to.equal(independent.estimate);
    expect(width(blocked)).to.be.above(2 * width(independent));
    // AND for samples without such stretches both intervals agree
    const [plainIndependent] = bootstrapQuantileRatios(baseline, latencySamples(2000, 10, 6), [0.95], options);
    const [plainBlocked] = bootstrapQuantileRatios(baseline, latencySamples(2000, 10, 6), [0.95], { ...options, blocks: 20 });
    expect(width(plainBlocked) / width(plainIndependent)).to.be.closeTo(1, 0.2);
  });
});
