import {
  resultSchemaVersion, type BenchResult, type RunEnvironment, type RunParameters, type TargetCpu,
} from './result-schema.js';
import type { RequestOutcome } from '../run/http-sender.js';
import type { LoadRun } from '../run/load-generator.js';
import { summarizeLatencies } from '../stats/latency-stats.js';

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function countErrors(outcomes: readonly RequestOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.errorKind) counts[outcome.errorKind] = (counts[outcome.errorKind] ?? 0) + 1;
  }
  return counts;
}

/** Throughput counts successful requests only, so a server failing fast cannot look fast. */
export function buildResult(run: LoadRun, parameters: RunParameters, environment: RunEnvironment, targetCpu?: TargetCpu): BenchResult {
  const successes = run.outcomes.filter((outcome) => outcome.ok);
  const seconds = run.durationMs / 1000;
  const tokens = successes.reduce((sum, outcome) => sum + (outcome.completionTokens ?? 0), 0);
  const total = run.outcomes.length;
  const latencies = successes.map((outcome) => round(outcome.latencyMs));
  const ttfts = successes.flatMap((outcome) => (outcome.ttftMs === undefined ? [] : [round(outcome.ttftMs)]));
  const itls = successes.flatMap((outcome) => (outcome.itlMs ?? []).map((gap) => round(gap)));
  const gatewayTimes = successes.flatMap((outcome) => (outcome.gatewayMs === undefined ? [] : [round(outcome.gatewayMs)]));
  const gatewayStats = summarizeLatencies(gatewayTimes);
  return {
    schema_version: resultSchemaVersion,
    total_requests: total,
    successful_requests: successes.length,
    failed_requests: total - successes.length,
    duration_s: round(seconds),
    throughput_rps: seconds > 0 ? round(successes.length / seconds) : 0,
    error_rate: total > 0 ? round((total - successes.length) / total, 6) : 0,
    total_completion_tokens: tokens,
    tokens_per_sec: seconds > 0 ? round(tokens / seconds) : 0,
    latency_stats: summarizeLatencies(latencies) ?? null,
    ttft_stats: summarizeLatencies(ttfts) ?? null,
    itl_stats: summarizeLatencies(itls) ?? null,
    server_timing_stats: gatewayStats === undefined ? {} : { gateway: gatewayStats },
    errors_by_kind: countErrors(run.outcomes),
    latencies_ms: latencies,
    ttft_ms: ttfts,
    itl_ms: itls,
    server_timing_ms: gatewayTimes.length > 0 ? { gateway: gatewayTimes } : {},
    ...(targetCpu === undefined ? {} : { target_cpu: targetCpu }),
    parameters,
    environment,
  };
}
