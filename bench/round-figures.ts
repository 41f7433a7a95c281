/** Per-round figures of `npm run bench:gateway`, summarised as the median over interleaved rounds with its range. */

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Per round, `a[i] - b[i]`: differences are taken inside a round, where both targets met the same load. */
export function pairedDifference(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, index) => value - b[index]!);
}

export function pairedRatio(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, index) => value / b[index]!);
}

/** `+312 µs (290…340)`: the median over rounds and the range of the rounds, from values in ms. */
export function formatMicros(spread: Spread, signed = false): string {
  const sign = signed && spread.median >= 0 ? '+' : '';
  const us = (ms: number): string => (ms * 1000).toFixed(0);
  return `${sign}${us(spread.median)} µs (${us(spread.min)}…${us(spread.max)})`;
}

export function formatNumber(spread: Spread, digits: number, unit = ''): string {
  return `${spread.median.toFixed(digits)}${unit} (${spread.min.toFixed(digits)}…${spread.max.toFixed(digits)})`;
}
