import { max, mean, min, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import type { LatencyStats } from '../result/result-schema.js';

export type { LatencyStats } from '../result/result-schema.js';

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Quantiles follow simple-statistics' `quantileSorted`: linear interpolation
 * at rank (n - 1) * p, numpy's default. The standard deviation is the sample
 * one (n - 1). Undefined for no samples.
 */
export function summarizeLatencies(samples: readonly number[]): LatencyStats | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min_ms: round(min(sorted)),
    mean_ms: round(mean(sorted)),
    p50_ms: round(quantileSorted(sorted, 0.5)),
    p90_ms: round(quantileSorted(sorted, 0.9)),
    p95_ms: round(quantileSorted(sorted, 0.95)),
    p99_ms: round(quantileSorted(sorted, 0.99)),
    max_ms: round(max(sorted)),
    stddev_ms: sorted.length > 1 ? round(sampleStandardDeviation(sorted)) : 0,
  };
}
