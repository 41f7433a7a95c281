import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { RunParameters } from '../../../src/bench/result/result-schema.js';
import { buildResult } from '../../../src/bench/result/run-result.js';
import type { RunEnvironment } from '../../../src/bench/run/run-environment.js';

const parameters = { url: 'http://x', api: 'chat', stream: true } as RunParameters;
const environment = { timestamp: 't' } as RunEnvironment;

describe('buildResult', () => {
  it('keeps the seed fields and adds counts, tokens, TTFT/ITL, gateway time, errors by kind and raw latencies', () => {
    const result = buildResult({
      durationMs: 2000,
      outcomes: [
        { ok: true, latencyMs: 10, completionTokens: 4, ttftMs: 2, itlMs: [1, 3], gatewayMs: 0.0456 },
        { ok: true, latencyMs: 30, completionTokens: 6, ttftMs: 4, itlMs: [2], gatewayMs: 0.1 },
        { ok: false, latencyMs: 5, errorKind: 'http_500', gatewayMs: 9 },
        { ok: false, latencyMs: 1, errorKind: 'http_500' },
      ],
    }, parameters, environment);
    expect(result).to.include({
      total_requests: 4,
      successful_requests: 2,
      failed_requests: 2,
      duration_s: 2,
      throughput_rps: 1,
      error_rate: 0.5,
      total_completion_tokens: 10,
      tokens_per_sec: 5,
    });
    expect(result.latency_stats).to.include({ p50_ms: 20, count: 2 });
    expect(result.ttft_stats).to.include({ mean_ms: 3 });
    expect(result.itl_stats).to.include({ count: 3, p50_ms: 2 });
    expect(result.errors_by_kind).to.deep.equal({ http_500: 2 });
    expect(result.latencies_ms).to.deep.equal([10, 30]);
    expect(result.ttft_ms).to.deep.equal([2, 4]);
    expect(result.itl_ms).to.deep.equal([1, 3, 2]);
    expect(result.server_timing_ms).to.deep.equal({ gateway: [0.046, 0.1] });
    expect(result.server_timing_stats.gateway).to.include({ count: 2, max_ms: 0.1 });
    expect(result.parameters).to.equal(parameters);
  });

  it('gives null statistics and zero rates for an empty run', () => {
    const result = buildResult({ durationMs: 0, outcomes: [] }, parameters, environment);
    expect(result).to.include({ throughput_rps: 0, error_rate: 0, tokens_per_sec: 0, latency_stats: null, ttft_stats: null });
    expect(result).to.deep.include({ server_timing_ms: {}, server_timing_stats: {} });
  });
});
