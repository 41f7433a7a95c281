import { quantileSorted } from 'simple-statistics';
import { resampleQuantile } from './order-statistics.js';
import { createSeededRandom } from '../../random/seeded-random.js';

export interface BootstrapOptions {
  readonly resamples: number;
  /** e.g. 0.95 for a 95% interval. */
  readonly confidence: number;
  readonly seed: number;
  /**
   * Resample each run as this many circular blocks of consecutive samples
   * (in completion order) instead of independent draws, so a stretch of the
   * run that was slower as a whole (another process took the CPU) widens the
   * interval instead of counting as many independent slow samples. 1: iid.
   */
  readonly blocks: number;
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

function interpolatedQuantile(sortedSamples: Float64Array, p: number): number {
  const rank = (sortedSamples.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sortedSamples.length - 1);
  return sortedSamples[low]! + (sortedSamples[high]! - sortedSamples[low]!) * (rank - low);
}

/** A moving-block resampler of time-ordered samples: blocks of `length` consecutive values from random (circular) starts. */
function blockResampler(samples: readonly number[], blocks: number, random: () => number): (p: number) => number {
  const values = Float64Array.from(samples);
  const length = Math.ceil(values.length / blocks);
  const scratch = new Float64Array(values.length);
  return (p) => {
    let filled = 0;
    while (filled < values.length) {
      const start = Math.floor(random() * values.length);
      for (let offset = 0; offset < length && filled < values.length; offset++) scratch[filled++] = values[(start + offset) % values.length]!;
    }
    scratch.sort();
    return interpolatedQuantile(scratch, p);
  };
}

/**
 * Percentile bootstrap of current/baseline for each quantile `p`: both sample
 * sets are resampled with replacement, in blocks or independently (seeded,
 * so the same files always give the same interval), and the ratio's middle
 * `confidence` share is returned.
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
  const blocked = options.blocks > 1 && Math.min(baseline.length, current.length) >= 2 * options.blocks;
  const resampleNow = blocked ? blockResampler(current, options.blocks, random) : (p: number) => resampleQuantile(now, p, random);
  const resampleBase = blocked ? blockResampler(baseline, options.blocks, random) : (p: number) => resampleQuantile(base, p, random);
  return quantiles.map((p) => {
    const ratios = Array.from({ length: options.resamples }, () => ratio(resampleNow(p), resampleBase(p)));
    ratios.sort((a, b) => a - b);
    return {
      estimate: ratio(quantileSorted(now, p), quantileSorted(base, p)),
      lower: quantileSorted(ratios, tail),
      upper: quantileSorted(ratios, 1 - tail),
    };
  });
}
