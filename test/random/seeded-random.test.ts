import { expect } from 'chai';
import { describe, it } from 'mocha';
import { createSeededGaussian, createSeededRandom, hashString } from '../../src/random/seeded-random.js';

describe('seeded randomness', () => {
  it('repeats the same uniform draws in [0, 1) for the same seed, and others for another seed', () => {
    const draws = (seed: number) => { const random = createSeededRandom(seed); return Array.from({ length: 1000 }, () => random()); };
    const first = draws(7);
    expect(draws(7)).to.deep.equal(first);
    expect(draws(8)).not.to.deep.equal(first);
    expect(first.every((value) => value >= 0 && value < 1)).to.equal(true);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).to.be.within(0.45, 0.55);
  });

  it('hashes a string to a 32-bit unsigned integer that depends on the text and the seed', () => {
    expect(hashString('hello')).to.equal(hashString('hello'));
    expect(hashString('hello')).not.to.equal(hashString('hellp'));
    expect(hashString('hello', 1)).not.to.equal(hashString('hello', 2));
    expect(Number.isInteger(hashString('x')) && hashString('x') >= 0 && hashString('x') < 2 ** 32).to.equal(true);
  });

  it('draws standard normal values, the same for the same seed', () => {
    const draws = (seed: number) => { const gaussian = createSeededGaussian(seed); return Array.from({ length: 10_000 }, () => gaussian()); };
    const first = draws(3);
    expect(draws(3)).to.deep.equal(first);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    const variance = first.reduce((sum, value) => sum + (value - mean) ** 2, 0) / first.length;
    expect(mean).to.be.within(-0.05, 0.05);
    expect(variance).to.be.within(0.95, 1.05);
  });
});
