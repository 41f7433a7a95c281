/** Crafted bench result files for compare tests: reproducible latency samples and counts. */
import { summarizeLatencies } from '../../src/bench/latency-stats.js';
import type { ComparableResult } from '../../src/bench/run-result.js';
import { createSeededRandom } from '../../src/random/seeded-random.js';

/** `count` log-normal latencies around `medianMs` (sigma 0.3), the same for the same seed. */
export function latencySamples(count: number, medianMs: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return medianMs * Math.exp(0.3 * normal);
  });
}

export function craftResult(latencies: number[], options: { failed?: number; throughput?: number } = {}): ComparableResult & Record<string, unknown> {
  const failed = options.failed ?? 0;
  const total = latencies.length + failed;
  return {
    schema_version: 1,
    total_requests: total,
    successful_requests: latencies.length,
    failed_requests: failed,
    throughput_rps: options.throughput ?? 100,
    error_rate: total > 0 ? failed / total : 0,
    latency_stats: summarizeLatencies(latencies) ?? null,
    latencies_ms: latencies,
    environment: { timestamp: '2026-01-02T03:04:05.000Z', git_commit: 'abcdef0123456789' },
  };
}
