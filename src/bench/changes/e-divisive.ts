/**
 * E-Divisive change points (Matteson and James, "A Nonparametric Approach for
 * Multiple Change Point Analysis of Multivariate Data", 2014), as Apache Otava
 * and MongoDB's signal processing use it on nightly performance series: the
 * energy statistic q̂ finds the split of a segment where the values before and
 * after differ most, a permutation test says how often a split that strong
 * appears by chance, and a significant split divides the segment in two,
 * each searched again. Pure functions; the permutations come from a seeded
 * generator, so the same series and seed give the same change points.
 */
import { createSeededRandom, hashString } from '../../random/seeded-random.js';

export interface EDivisiveOptions {
  /** Fewest values on either side of a split: a single odd night is compare's business, not a change point. */
  readonly minSegment: number;
  readonly permutations: number;
  /** A split counts when its permutation p-value is at most this. */
  readonly significance: number;
  readonly seed: number;
}

export interface ChangePointSplit {
  /** The index of the first value after the change. */
  readonly index: number;
  /** (1 + permutations whose best split was at least as strong) / (1 + permutations). */
  readonly pValue: number;
  /** q̂ at the split (α = 1: absolute differences). */
  readonly statistic: number;
}

interface Split {
  readonly index: number;
  readonly statistic: number;
}

/** Reused between permutations: per value, the sum of its distances to the values before it and after it. */
interface Scratch {
  readonly before: Float64Array;
  readonly after: Float64Array;
}

const pairs = (count: number): number => (count * (count - 1)) / 2;

/**
 * The split τ of `values` (both sides at least `minSegment` long) with the
 * largest q̂(τ) = τ(n-τ)/n · (2·mean|x-y| - mean|x-x'| - mean|y-y'|), with x
 * before τ, y from τ on, and κ fixed at the segment's end. O(n²): each
 * pairwise distance is added once to the sums the scan over τ reads.
 */
function strongestSplit(values: ArrayLike<number>, minSegment: number, scratch: Scratch): Split | undefined {
  const count = values.length;
  if (count < 2 * minSegment) return undefined;
  const { before, after } = scratch;
  before.fill(0, 0, count);
  after.fill(0, 0, count);
  let total = 0;
  for (let later = 1; later < count; later++) {
    const value = values[later];
    let sum = 0;
    for (let earlier = 0; earlier < later; earlier++) {
      const distance = Math.abs(value - values[earlier]);
      sum += distance;
      after[earlier] = after[earlier] + distance;
    }
    before[later] = sum;
    total += sum;
  }
  let withinBefore = 0;
  let withinAfter = total;
  let best: Split | undefined;
  for (let split = 1; split <= count - minSegment; split++) {
    withinBefore += before[split - 1];
    withinAfter -= after[split - 1];
    if (split < minSegment) continue;
    const sizeBefore = split;
    const sizeAfter = count - split;
    const between = total - withinBefore - withinAfter;
    const spread = 2 * between / (sizeBefore * sizeAfter)
      - (sizeBefore > 1 ? withinBefore / pairs(sizeBefore) : 0)
      - (sizeAfter > 1 ? withinAfter / pairs(sizeAfter) : 0);
    const statistic = (sizeBefore * sizeAfter / count) * spread;
    if (best === undefined || statistic > best.statistic) best = { index: split, statistic };
  }
  return best;
}

function shuffleInPlace(values: Float64Array, random: () => number): void {
  for (let index = values.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const held = values[index];
    values[index] = values[other];
    values[other] = held;
  }
}

/**
 * The permutation p-value of a split as strong as `observed` in `values`, or
 * undefined as soon as so many permutations matched it that the p-value can
 * no longer reach `significance` (most segments, when nothing changed).
 */
function permutationPValue(
  values: readonly number[], observed: number, options: EDivisiveOptions, random: () => number, scratch: Scratch,
): number | undefined {
  const shuffled = Float64Array.from(values);
  // Sums of the same distances in another order differ in the last bits: such a tie is a match.
  const threshold = observed - Math.abs(observed) * 1e-9;
  const allowed = options.significance * (options.permutations + 1) - 1;
  let matched = 0;
  for (let permutation = 0; permutation < options.permutations; permutation++) {
    shuffleInPlace(shuffled, random);
    const split = strongestSplit(shuffled, options.minSegment, scratch);
    if (split !== undefined && split.statistic >= threshold && ++matched > allowed) return undefined;
  }
  return (matched + 1) / (options.permutations + 1);
}

/** Every significant change point of `values`, in index order (hierarchical bisection, each segment tested on its own). */
export function detectChangePoints(values: readonly number[], options: EDivisiveOptions): ChangePointSplit[] {
  const scratch: Scratch = { before: new Float64Array(values.length), after: new Float64Array(values.length) };
  const found: ChangePointSplit[] = [];
  const segments: [number, number][] = [[0, values.length]];
  for (let segment = segments.pop(); segment !== undefined; segment = segments.pop()) {
    const [start, end] = segment;
    const part = values.slice(start, end);
    const split = strongestSplit(part, options.minSegment, scratch);
    if (split === undefined) continue;
    // Seeded by the segment, so a segment's answer does not depend on the order the search visits it in.
    const random = createSeededRandom(hashString(`${start}:${end}`, options.seed));
    const pValue = permutationPValue(part, split.statistic, options, random, scratch);
    if (pValue === undefined) continue;
    found.push({ index: start + split.index, pValue, statistic: split.statistic });
    segments.push([start, start + split.index], [start + split.index, end]);
  }
  return found.sort((a, b) => a.index - b.index);
}
