import { quantileSorted } from 'simple-statistics';

/**
 * The median of paired differences (llm-bench ab: the per-round log ratios
 * current/baseline) and its distribution-free confidence interval, the one that
 * goes with the sign test: between the (c+1)-th smallest and the (c+1)-th
 * largest difference, with c the largest count for which P(Binomial(n, 1/2) <= c)
 * fits in one tail. It is exact for any number of pairs and any continuous
 * distribution, and a few rounds disturbed on one side only (another process
 * took a core during one run) move neither the estimate nor the interval by
 * their size: from 9 pairs at 95% one such round cannot hide a real change,
 * from 12 two cannot. (The signed-rank interval, tighter on well-behaved data,
 * lets one large opposite round hide it up to 11 pairs.)
 */
export interface LocationInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Absorbs the rounding of the probabilities below, so a tail of exactly 2.5% counts as 2.5%. */
const tolerance = 1e-12;

/** The largest c with P(Binomial(n, 1/2) <= c) <= tail, or -1 when even P(0) = 2^-n is larger. */
function lowerCriticalCount(n: number, tail: number): number {
  let term = 0.5 ** n;
  let cumulative = term;
  let critical = -1;
  while (critical + 1 <= n && cumulative <= tail + tolerance) {
    critical++;
    term *= (n - critical) / (critical + 1);
    cumulative += term;
  }
  return critical;
}

/** The fewest pairs for which a two-sided `confidence` interval exists: 2^-n must fit in one tail (6 at 95%). */
export function minimumPairs(confidence: number): number {
  const tail = (1 - confidence) / 2;
  let pairs = 1;
  while (0.5 ** pairs > tail + tolerance) pairs++;
  return pairs;
}

/** The median of `differences` and its two-sided `confidence` interval; undefined with fewer than minimumPairs(confidence). */
export function medianInterval(differences: readonly number[], confidence: number): LocationInterval | undefined {
  const n = differences.length;
  const critical = lowerCriticalCount(n, (1 - confidence) / 2);
  if (critical < 0) return undefined;
  const sorted = [...differences].sort((a, b) => a - b);
  return { estimate: quantileSorted(sorted, 0.5), lower: sorted[critical]!, upper: sorted[n - 1 - critical]! };
}
