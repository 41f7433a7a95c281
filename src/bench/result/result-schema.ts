import { z } from 'zod';
import type { SchemaVersions } from './parse-file.js';

const duration = z.number().nonnegative();
const count = z.number().int().nonnegative();

export const latencyStatsSchema = z.object({
  count,
  min_ms: duration,
  mean_ms: duration,
  p50_ms: duration,
  p90_ms: duration,
  p95_ms: duration,
  p99_ms: duration,
  max_ms: duration,
  stddev_ms: duration,
});

export const runParametersSchema = z.object({
  /** The named scenario the load came from (bench/scenarios), or null for a hand-made load. */
  scenario: z.string().nullable(),
  url: z.string(),
  api: z.string(),
  model: z.string(),
  stream: z.boolean(),
  num_requests: count.nullable(),
  concurrency: count,
  rate: z.number().nullable(),
  arrival: z.string(),
  duration_s: z.number().nullable(),
  warmup: count,
  timeout_s: z.number(),
  prompts_file: z.string(),
  prompt_count: count,
});

export const runEnvironmentSchema = z.object({
  timestamp: z.string(),
  git_commit: z.string().nullable(),
  node_version: z.string(),
  platform: z.string(),
  cpu_model: z.string(),
  cpu_count: count,
});

export const cpuWindowSchema = z.object({
  /** Requests the load generator saw complete in this window. */
  requests: count,
  /** The target's process_cpu_seconds_total increase over the same window. */
  cpu_s: duration,
});

/** The target's CPU over the measured phase, read from its Prometheus `process_cpu_seconds_total`. */
export const targetCpuSchema = z.object({
  metrics_url: z.string(),
  window_ms: count,
  /** Consecutive windows, from the reading before the measured phase to the one after it: compare resamples them. */
  windows: z.array(cpuWindowSchema),
  requests: count,
  cpu_s: duration,
  cpu_us_per_request: duration.nullable(),
});

export const resultSchemaVersion = 3;

/** `llm-bench run`'s output, version 3: raw samples for every gated metric, so compare can resample them. */
export const resultSchema = z.object({
  schema_version: z.literal(resultSchemaVersion),
  total_requests: count,
  successful_requests: count,
  failed_requests: count,
  duration_s: duration,
  throughput_rps: duration,
  error_rate: z.number().min(0).max(1),
  total_completion_tokens: count,
  tokens_per_sec: duration,
  latency_stats: latencyStatsSchema.nullable(),
  ttft_stats: latencyStatsSchema.nullable(),
  itl_stats: latencyStatsSchema.nullable(),
  /** Per-name stats of the Server-Timing durations the target sent (e.g. the gateway's `gateway`). */
  server_timing_stats: z.record(z.string(), latencyStatsSchema),
  errors_by_kind: z.record(z.string(), count),
  latencies_ms: z.array(duration),
  ttft_ms: z.array(duration),
  itl_ms: z.array(duration),
  server_timing_ms: z.record(z.string(), z.array(duration)),
  /** Absent when the target exposes no process_cpu_seconds_total (or --target-metrics none). */
  target_cpu: targetCpuSchema.optional(),
  parameters: runParametersSchema,
  environment: runEnvironmentSchema,
}).meta({ title: 'llm-bench result', description: 'Written by llm-bench run; read by llm-bench compare.' });

export type BenchResult = z.infer<typeof resultSchema>;
export type RunParameters = z.infer<typeof runParametersSchema>;
export type RunEnvironment = z.infer<typeof runEnvironmentSchema>;
export type LatencyStats = z.infer<typeof latencyStatsSchema>;
export type TargetCpu = z.infer<typeof targetCpuSchema>;
export type CpuWindow = z.infer<typeof cpuWindowSchema>;

/**
 * Version 1 (before scenarios): no raw TTFT/ITL/Server-Timing samples and no
 * scenario. It migrates with empty samples, so its TTFT and ITL are not gated.
 */
const resultV1Schema = resultSchema.extend({
  schema_version: z.literal(1),
  parameters: runParametersSchema.omit({ scenario: true }),
}).omit({ ttft_ms: true, itl_ms: true, server_timing_ms: true, server_timing_stats: true, target_cpu: true });

function migrateV1(result: z.infer<typeof resultV1Schema>): BenchResult {
  return {
    ...result,
    schema_version: resultSchemaVersion,
    server_timing_stats: {},
    ttft_ms: [],
    itl_ms: [],
    server_timing_ms: {},
    parameters: { ...result.parameters, scenario: null },
  };
}

/** Version 2 (before the target's CPU was read): the same file without `target_cpu`, so its CPU is not compared. */
const resultV2Schema = resultSchema.omit({ target_cpu: true }).extend({ schema_version: z.literal(2) });

function migrateV2(result: z.infer<typeof resultV2Schema>): BenchResult {
  return { ...result, schema_version: resultSchemaVersion };
}

/** Every version a reader accepts, each migrated to the current one. */
export const resultVersions: SchemaVersions<BenchResult> = {
  1: resultV1Schema.transform(migrateV1),
  2: resultV2Schema.transform(migrateV2),
  3: resultSchema,
};
