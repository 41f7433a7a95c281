/* eslint-disable no-bitwise -- a PRNG is bit arithmetic by nature */
/**
 * mulberry32: a tiny 32-bit PRNG, so bootstrap intervals and Poisson arrivals
 * repeat exactly for the same seed. Returns floats in [0, 1).
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
