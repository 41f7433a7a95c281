import { expect } from 'chai';
import { describe, it } from 'mocha';
import { roundOrders } from '../../../src/bench/ab/round-order.js';

describe('roundOrders', () => {
  it('runs each block of two rounds as ABBA or BAAB, an odd last round as AB or BA', () => {
    const orders = roundOrders(7, 3);
    expect(orders).to.have.length(7);
    for (let block = 0; block + 1 < orders.length; block += 2) {
      expect(orders[block + 1], `block ${block / 2}`).to.deep.equal([...orders[block]!].reverse());
    }
    expect(orders[6]).to.have.members(['baseline', 'current']);
  });

  it('draws the order of each block from the seed: the same seed, the same order', () => {
    const blocksOf = (seed: number) => roundOrders(40, seed).filter((_, index) => index % 2 === 0).map((order) => order[0]);
    expect(roundOrders(10, 5)).to.deep.equal(roundOrders(10, 5));
    const first = blocksOf(1);
    expect(first).to.include('baseline').and.include('current');
    expect(blocksOf(2)).not.to.deep.equal(first);
  });
});
