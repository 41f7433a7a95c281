/** Every metric compare reports, in report order; the verdict file and the issue title use these names. */
export const metricNames = [
  'p95_latency', 'ttft_p95', 'itl_p95', 'gateway_overhead_p95', 'target_cpu_per_request', 'error_rate', 'p50_latency', 'throughput', 'output_tokens_per_s',
] as const;
export type MetricName = typeof metricNames[number];

const labels: Record<MetricName, string> = {
  p95_latency: 'p95 latency',
  ttft_p95: 'TTFT p95',
  itl_p95: 'ITL p95',
  gateway_overhead_p95: 'gateway overhead p95',
  target_cpu_per_request: 'target CPU per request',
  error_rate: 'error rate',
  p50_latency: 'p50 latency',
  throughput: 'throughput',
  output_tokens_per_s: 'output tokens/s',
};

export function describeMetric(metric: MetricName): string {
  return labels[metric];
}

export type MetricUnit = 'ms' | 'us' | 'fraction' | 'per-second';

export function unitOf(metric: MetricName): MetricUnit {
  if (metric === 'error_rate') return 'fraction';
  if (metric === 'target_cpu_per_request') return 'us';
  return metric === 'throughput' || metric === 'output_tokens_per_s' ? 'per-second' : 'ms';
}
