import { quantileSorted } from 'simple-statistics';
import type { RatioInterval } from './bootstrap.js';
import { createSeededRandom } from '../../random/seeded-random.js';

/** One window of a run: what was spent (numerator) and what was done (denominator). */
export interface RatioWindow {
  readonly spent: number;
  readonly done: number;
}

function ratioOfSums(windows: readonly RatioWindow[]): number {
  let spent = 0;
  let done = 0;
  for (const window of windows) {
    spent += window.spent;
    done += window.done;
  }
  return spent / Math.max(done, Number.MIN_VALUE);
}

/**
 * Percentile bootstrap of (current spent/done) / (baseline spent/done), e.g.
 * CPU per request: each side's windows are resampled with replacement
 * (seeded, so the same files give the same interval) and each resample's
 * ratio of sums is taken, so a busy window weighs by its requests, not as one
 * vote.
 */
export function bootstrapRatioOfSums(
  baseline: readonly RatioWindow[],
  current: readonly RatioWindow[],
  options: { readonly resamples: number; readonly confidence: number; readonly seed: number },
): RatioInterval {
  const random = createSeededRandom(options.seed);
  const resample = (windows: readonly RatioWindow[]): number => {
    let spent = 0;
    let done = 0;
    for (let draw = 0; draw < windows.length; draw++) {
      const window = windows[Math.floor(random() * windows.length)]!;
      spent += window.spent;
      done += window.done;
    }
    return spent / Math.max(done, Number.MIN_VALUE);
  };
  const base = ratioOfSums(baseline);
  const ratios = Array.from({ length: options.resamples }, () => resample(current) / Math.max(resample(baseline), Number.MIN_VALUE));
  ratios.sort((a, b) => a - b);
  const tail = (1 - options.confidence) / 2;
  return {
    estimate: ratioOfSums(current) / Math.max(base, Number.MIN_VALUE),
    lower: quantileSorted(ratios, tail),
    upper: quantileSorted(ratios, 1 - tail),
  };
}
