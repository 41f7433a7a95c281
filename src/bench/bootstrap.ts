import { quantile, quantileSorted } from 'simple-statistics';
import { createSeededRandom } from './seeded-random.js';

export interface BootstrapOptions {
  readonly resamples: number;
  /** e.g. 0.95 for a 95% interval. */
  readonly confidence: number;
  readonly seed: number;
}

export interface RatioInterval {
  /** current quantile / baseline quantile on the samples as measured. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

function resample(samples: readonly number[], random: () => number, into: number[]): number[] {
  for (let index = 0; index < into.length; index++) into[index] = samples[Math.floor(random() * samples.length)];
  return into;
}

function ratio(current: number, baseline: number): number {
  return current / Math.max(baseline, Number.MIN_VALUE);
}

/**
 * Percentile bootstrap of current/baseline for each quantile `p`: both sample
 * sets are resampled with replacement (seeded, so the same files always give
 * the same interval) and the ratio's middle `confidence` share is returned.
 */
export function bootstrapQuantileRatios(
  baseline: readonly number[],
  current: readonly number[],
  quantiles: readonly number[],
  options: BootstrapOptions,
): RatioInterval[] {
  const random = createSeededRandom(options.seed);
  const baseBuffer = new Array<number>(baseline.length);
  const currentBuffer = new Array<number>(current.length);
  const ratios = quantiles.map(() => new Array<number>(options.resamples));
  for (let round = 0; round < options.resamples; round++) {
    const base = quantile(resample(baseline, random, baseBuffer), [...quantiles]);
    const now = quantile(resample(current, random, currentBuffer), [...quantiles]);
    quantiles.forEach((_, index) => { ratios[index][round] = ratio(now[index], base[index]); });
  }
  const tail = (1 - options.confidence) / 2;
  return quantiles.map((p, index) => {
    const sorted = ratios[index].sort((a, b) => a - b);
    return {
      estimate: ratio(quantile([...current], p), quantile([...baseline], p)),
      lower: quantileSorted(sorted, tail),
      upper: quantileSorted(sorted, 1 - tail),
    };
  });
}
