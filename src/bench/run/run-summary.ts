import type { BenchResult } from '../result/result-schema.js';
import type { LatencyStats } from '../stats/latency-stats.js';

function formatStats(label: string, stats: LatencyStats | null): string[] {
  if (stats === null) return [`${label}: no successful samples`];
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  return [
    `${label} (${stats.count} samples):`,
    `  min ${ms(stats.min_ms)}  mean ${ms(stats.mean_ms)}  std-dev ${ms(stats.stddev_ms)}  max ${ms(stats.max_ms)}`,
    `  p50 ${ms(stats.p50_ms)}  p95 ${ms(stats.p95_ms)}  p99 ${ms(stats.p99_ms)}`,
  ];
}

/** The human summary printed after a run. */
export function formatRunSummary(result: BenchResult, outputFile: string): string {
  const errors = Object.entries(result.errors_by_kind).map(([kind, count]) => `${kind} ${count}`).join(', ');
  const lines = [
    `Benchmark of ${result.parameters.url} (${result.parameters.api}${result.parameters.stream ? ', streaming' : ''})`,
    `  requests:    ${result.total_requests}`,
    `  successes:   ${result.successful_requests}`,
    `  failures:    ${result.failed_requests}${errors ? ` (${errors})` : ''}`,
    `  duration:    ${result.duration_s.toFixed(2)} s`,
    `  throughput:  ${result.throughput_rps.toFixed(2)} req/s`,
    `  error rate:  ${(result.error_rate * 100).toFixed(2)}%`,
    `  tokens/s:    ${result.tokens_per_sec.toFixed(1)} (${result.total_completion_tokens} completion tokens)`,
    ...formatStats('Latency', result.latency_stats),
  ];
  if (result.parameters.stream) {
    lines.push(...formatStats('Time to first token', result.ttft_stats), ...formatStats('Inter-token latency', result.itl_stats));
  }
  const gateway = result.server_timing_stats.gateway;
  if (gateway !== undefined) lines.push(...formatStats('Gateway time (Server-Timing gateway;dur)', gateway));
  lines.push(`Results written to ${outputFile}`);
  return `${lines.join('\n')}\n`;
}

/** A run's headline numbers as a Markdown section (workflow step summaries, main's release summary). */
export function formatRunMarkdown(result: BenchResult): string {
  const ms = (stats: LatencyStats | null, key: 'p50_ms' | 'p95_ms') => (stats === null ? '-' : stats[key].toFixed(2));
  const gateway = result.server_timing_stats.gateway ?? null;
  const { parameters } = result;
  const cells = [
    String(result.total_requests), `${(result.error_rate * 100).toFixed(2)}%`, ms(result.latency_stats, 'p50_ms'), ms(result.latency_stats, 'p95_ms'),
    ms(result.ttft_stats, 'p95_ms'), ms(result.itl_stats, 'p95_ms'), ms(gateway, 'p95_ms'), result.throughput_rps.toFixed(1), result.tokens_per_sec.toFixed(1),
  ];
  return [
    `### ${parameters.scenario ?? 'benchmark'}: ${parameters.url}`,
    '',
    '| requests | error rate | p50 ms | p95 ms | TTFT p95 ms | ITL p95 ms | gateway p95 ms | req/s | tokens/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${cells.join(' | ')} |`,
    '',
    '',
  ].join('\n');
}
