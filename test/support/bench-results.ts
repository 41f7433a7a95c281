/** Crafted bench result files for compare tests: reproducible latency samples and counts. */
import {
  resultSchemaVersion, type BenchResult, type RunParameters, type TargetCpu,
} from '../../src/bench/result/result-schema.js';
import { summarizeLatencies } from '../../src/bench/stats/latency-stats.js';
import { createSeededGaussian, createSeededRandom } from '../../src/random/seeded-random.js';

/** `count` log-normal latencies around `medianMs` (sigma 0.3), the same for the same seed. */
export function latencySamples(count: number, medianMs: number, seed: number): number[] {
  const gaussian = createSeededGaussian(seed);
  return Array.from({ length: count }, () => medianMs * Math.exp(0.3 * gaussian()));
}

/**
 * The target's CPU over `count` windows of about 300 requests each, costing `usPerRequest` µs per request with
 * ±5 % noise per window, the same for the same seed.
 */
export function cpuWindows(count: number, usPerRequest: number, seed: number): TargetCpu {
  const random = createSeededRandom(seed);
  const windows = Array.from({ length: count }, () => {
    const requests = 250 + Math.floor(random() * 100);
    return { requests, cpu_s: Math.round(requests * usPerRequest * (0.95 + random() * 0.1)) / 1e6 };
  });
  const requests = windows.reduce((sum, window) => sum + window.requests, 0);
  const cpuSeconds = windows.reduce((sum, window) => sum + window.cpu_s, 0);
  return {
    metrics_url: 'http://127.0.0.1:8000/metrics',
    window_ms: 100,
    windows,
    requests,
    cpu_s: cpuSeconds,
    cpu_us_per_request: (cpuSeconds * 1e6) / requests,
  };
}

export const craftedParameters: RunParameters = {
  scenario: null,
  url: 'http://127.0.0.1:8000',
  api: 'chat',
  model: 'mock-llm-v1',
  stream: false,
  num_requests: 1000,
  concurrency: 4,
  rate: null,
  arrival: 'constant',
  duration_s: null,
  warmup: 0,
  timeout_s: 30,
  prompts_file: 'bench/prompts.jsonl',
  prompt_count: 20,
};

export interface CraftOptions {
  readonly failed?: number;
  readonly throughput?: number;
  readonly tokensPerSec?: number;
  readonly ttft?: number[];
  readonly itl?: number[];
  readonly gatewayTiming?: number[];
  readonly targetCpu?: TargetCpu;
  readonly parameters?: Partial<RunParameters>;
}

export function craftResult(latencies: number[], options: CraftOptions = {}): BenchResult {
  const failed = options.failed ?? 0;
  const total = latencies.length + failed;
  const gateway = options.gatewayTiming ?? [];
  return {
    schema_version: resultSchemaVersion,
    total_requests: total,
    successful_requests: latencies.length,
    failed_requests: failed,
    duration_s: 10,
    throughput_rps: options.throughput ?? 100,
    error_rate: total > 0 ? failed / total : 0,
    total_completion_tokens: 0,
    tokens_per_sec: options.tokensPerSec ?? 0,
    latency_stats: summarizeLatencies(latencies) ?? null,
    ttft_stats: summarizeLatencies(options.ttft ?? []) ?? null,
    itl_stats: summarizeLatencies(options.itl ?? []) ?? null,
    server_timing_stats: gateway.length > 0 ? { gateway: summarizeLatencies(gateway)! } : {},
    errors_by_kind: failed > 0 ? { http_500: failed } : {},
    latencies_ms: latencies,
    ttft_ms: options.ttft ?? [],
    itl_ms: options.itl ?? [],
    server_timing_ms: gateway.length > 0 ? { gateway } : {},
    ...(options.targetCpu === undefined ? {} : { target_cpu: options.targetCpu }),
    parameters: { ...craftedParameters, ...options.parameters },
    environment: {
      timestamp: '2026-01-02T03:04:05.000Z', git_commit: 'abcdef0123456789', node_version: 'v20.19.0', platform: 'linux', cpu_model: 'cpu', cpu_count: 2,
    },
  };
}
