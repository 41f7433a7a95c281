import { BenchInputError } from './bench-input-error.js';
import type { RequestOutcome } from './http-sender.js';
import { summarizeLatencies, type LatencyStats } from './latency-stats.js';
import type { LoadRun } from './load-generator.js';
import type { RunEnvironment } from './run-environment.js';

export const resultSchemaVersion = 1;

export interface RunParameters {
  readonly url: string;
  readonly api: string;
  readonly model: string;
  readonly stream: boolean;
  readonly num_requests: number | null;
  readonly concurrency: number;
  readonly rate: number | null;
  readonly arrival: string;
  readonly duration_s: number | null;
  readonly warmup: number;
  readonly timeout_s: number;
  readonly prompts_file: string;
  readonly prompt_count: number;
}

/** The fields `compare` relies on; everything else in a result file is for people and dashboards. */
export interface ComparableResult {
  readonly total_requests: number;
  readonly successful_requests: number;
  readonly failed_requests: number;
  readonly throughput_rps: number;
  readonly error_rate: number;
  readonly latency_stats: LatencyStats | null;
  readonly latencies_ms: number[];
}

export interface BenchResult extends ComparableResult {
  readonly schema_version: number;
  readonly duration_s: number;
  readonly total_completion_tokens: number;
  readonly tokens_per_sec: number;
  readonly ttft_stats: LatencyStats | null;
  readonly itl_stats: LatencyStats | null;
  readonly errors_by_kind: Record<string, number>;
  readonly parameters: RunParameters;
  readonly environment: RunEnvironment;
}

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
export function buildResult(run: LoadRun, parameters: RunParameters, environment: RunEnvironment): BenchResult {
  const successes = run.outcomes.filter((outcome) => outcome.ok);
  const seconds = run.durationMs / 1000;
  const tokens = successes.reduce((sum, outcome) => sum + (outcome.completionTokens ?? 0), 0);
  const total = run.outcomes.length;
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
    latency_stats: summarizeLatencies(successes.map((outcome) => outcome.latencyMs)) ?? null,
    ttft_stats: summarizeLatencies(successes.flatMap((outcome) => outcome.ttftMs ?? [])) ?? null,
    itl_stats: summarizeLatencies(successes.flatMap((outcome) => outcome.itlMs ?? [])) ?? null,
    errors_by_kind: countErrors(run.outcomes),
    latencies_ms: successes.map((outcome) => round(outcome.latencyMs)),
    parameters,
    environment,
  };
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function describeSchemaProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const result = value as Record<string, unknown>;
  for (const key of ['total_requests', 'successful_requests', 'failed_requests']) {
    if (!isCount(result[key])) return `'${key}' must be a non-negative integer`;
  }
  if (!isDuration(result.throughput_rps)) return "'throughput_rps' must be a non-negative number";
  if (!isDuration(result.error_rate) || (result.error_rate as number) > 1) return "'error_rate' must be a fraction from 0 to 1";
  if (!Array.isArray(result.latencies_ms)) return "'latencies_ms' (raw per-request latencies) is missing";
  if (!result.latencies_ms.every(isDuration)) return "'latencies_ms' must hold only non-negative numbers";
  const stats = result.latency_stats as Record<string, unknown> | null | undefined;
  if (stats === undefined || (stats !== null && !['p50_ms', 'p95_ms', 'p99_ms'].every((key) => isDuration(stats[key])))) {
    return "'latency_stats' must hold p50_ms, p95_ms and p99_ms";
  }
  return undefined;
}

/** Checks a parsed result file has what compare needs; the problem names the file. */
export function parseComparableResult(file: string, value: unknown): ComparableResult {
  const problem = describeSchemaProblem(value);
  if (problem) throw new BenchInputError(file, `not a bench result: ${problem}`);
  return value as ComparableResult;
}
