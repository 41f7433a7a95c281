import { expect } from 'chai';
import { describe, it } from 'mocha';
import { detectChangePoints, type EDivisiveOptions } from '../../../src/bench/changes/e-divisive.js';
import { noisySeries } from '../../support/bench-histories.js';

const options: EDivisiveOptions = { minSegment: 5, permutations: 199, significance: 0.01, seed: 1 };

describe('detectChangePoints (E-Divisive, permutation test)', () => {
  it('finds a clear +10% step at its night, with the smallest p-value the permutations allow', () => {
    // GIVEN 60 nights with 3% noise and a +10% step at night 30
    const values = noisySeries(60, 7, { cv: 0.03, stepAt: 30, factor: 1.1 });
    // WHEN
    const found = detectChangePoints(values, options);
    // THEN
    expect(found).to.have.length(1);
    expect(found[0]!.index).to.be.within(29, 31);
    expect(found[0]!.pValue).to.equal(1 / 200);
    expect(found[0]!.statistic).to.be.above(0);
  });

  it('does not fire on flat histories', () => {
    const fired = Array.from({ length: 20 }, (_, seed) => detectChangePoints(noisySeries(60, 100 + seed, { cv: 0.05 }), options))
      .filter((found) => found.length > 0);
    expect(fired).to.have.length.below(2);
  });

  it('finds two steps by bisecting again, a rise and a fall', () => {
    const level = (nights: number, seed: number, value: number) => noisySeries(nights, seed, { level: value, cv: 0.02 });
    const values = [...level(25, 3, 10), ...level(20, 4, 12), ...level(25, 5, 9)];
    expect(detectChangePoints(values, options).map((point) => point.index)).to.deep.equal([25, 45]);
  });

  it('leaves a small shift in heavy noise alone: not significant', () => {
    const values = noisySeries(30, 11, { cv: 0.2, stepAt: 15, factor: 1.05 });
    expect(detectChangePoints(values, options)).to.deep.equal([]);
  });

  it('is reproducible with a seed, and the p-value follows the permutations', () => {
    const values = noisySeries(40, 9, { cv: 0.05, stepAt: 20, factor: 1.06 });
    const first = detectChangePoints(values, options);
    expect(detectChangePoints(values, options)).to.deep.equal(first);
    const more = detectChangePoints(values, { ...options, permutations: 999, significance: 0.5 });
    expect(more.length).to.be.at.least(1);
    for (const point of more) expect(point.pValue * 1000).to.be.closeTo(Math.round(point.pValue * 1000), 1e-6);
  });

  it('keeps --min-segment values on either side of every change point, and needs that many to try', () => {
    const lasted = (nights: number) => detectChangePoints(noisySeries(40 + nights, 2, { cv: 0.02, stepAt: 40, factor: 1.2 }), options);
    for (const nights of [1, 2, 3, 4]) {
      for (const point of lasted(nights)) expect(point.index, `${nights} nights`).to.be.within(5, 35 + nights);
    }
    expect(lasted(5).map((point) => point.index)).to.deep.equal([40]);
    expect(detectChangePoints([1, 2, 3, 4, 5, 6, 7, 8, 9], options)).to.deep.equal([]);
    expect(detectChangePoints([], options)).to.deep.equal([]);
  });
});
