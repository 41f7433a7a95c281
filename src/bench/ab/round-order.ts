import { createSeededRandom } from '../../random/seeded-random.js';

export type AbSide = 'baseline' | 'current';

/** The two runs of one round, in the order they run. */
export type RoundOrder = readonly [AbSide, AbSide];

const forward: RoundOrder = ['baseline', 'current'];
const backward: RoundOrder = ['current', 'baseline'];

/**
 * The order of each round: blocks of two rounds, each block ABBA or BAAB at
 * random (seeded), an odd last round AB or BA. Each side runs first in half
 * the rounds of a block, so a drift that is linear over the block cancels, and
 * the coin per block keeps a periodic disturbance from lining up with one side.
 */
export function roundOrders(rounds: number, seed: number): RoundOrder[] {
  const random = createSeededRandom(seed);
  const orders: RoundOrder[] = [];
  while (orders.length < rounds) {
    const [first, second] = random() < 0.5 ? [forward, backward] : [backward, forward];
    orders.push(first);
    if (orders.length < rounds) orders.push(second);
  }
  return orders;
}
