/**
 * Small, fast, seedable randomness: the mock must give the same text and the
 * same jitter for the same inputs, and llm-bench the same bootstrap intervals
 * and Poisson arrivals for the same seed, which Math.random cannot.
 */
/* eslint-disable no-bitwise -- 32-bit hashing and PRNG mixing are bit operations by nature */

/** 32-bit FNV-1a of a string, mixed with `seed`. */
export function hashString(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a uniform generator over [0, 1) from a 32-bit seed. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a seeded uniform generator: the same sequence for the same seed. */
export function createSeededGaussian(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
