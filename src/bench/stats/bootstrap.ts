import { quantileSorted } from 'simple-statistics';
import { resampleQuantile } from './order-statistics.js';
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

function ratio(current: number, baseline: number): number {
  return current / Math.max(baseline, Number.MIN_VALUE);
}

function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
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
  const base = sorted(baseline);
  const now = sorted(current);
  const tail = (1 - options.confidence) / 2;
  return quantiles.map((p) => {
    const ratios = Array.from({ length: options.resamples }, () => ratio(resampleQuantile(now, p, random), resampleQuantile(base, p, random)));
    ratios.sort((a, b) => a - b);
    return {
      estimate: ratio(quantileSorted(now, p), quantileSorted(base, p)),
      lower: quantileSorted(ratios, tail),
      upper: quantileSorted(ratios, 1 - tail),
    };
  });
}
