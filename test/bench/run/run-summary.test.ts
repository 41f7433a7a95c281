import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { RunParameters } from '../../../src/bench/result/result-schema.js';
import { buildResult } from '../../../src/bench/result/run-result.js';
import type { RunEnvironment } from '../../../src/bench/run/run-environment.js';
import { formatRunMarkdown, formatRunSummary } from '../../../src/bench/run/run-summary.js';

describe('formatRunSummary', () => {
  it('prints counts, rates and latency statistics, and TTFT/ITL when streaming', () => {
    const result = buildResult({
      durationMs: 1000,
      outcomes: [{ ok: true, latencyMs: 10, completionTokens: 2, ttftMs: 4, itlMs: [3] }, { ok: false, latencyMs: 1, errorKind: 'timeout' }],
    }, { url: 'http://x', api: 'chat', stream: true } as RunParameters, {} as RunEnvironment);
    const text = formatRunSummary(result, 'out.json');
    const expectedLines = [
      'Benchmark of http://x (chat, streaming)', '  failures:    1 (timeout 1)', '  error rate:  50.00%',
      '  p50 10.00 ms  p95 10.00 ms  p99 10.00 ms', 'Time to first token (1 samples):', 'Inter-token latency (1 samples):',
    ];
    expect(text.split('\n')).to.include.members(expectedLines);
    expect(text).to.match(/Results written to out\.json\n$/);
    expect(text).not.to.include('Gateway time');
  });

  it('prints the gateway\'s own time when the target sent it', () => {
    const result = buildResult({ durationMs: 1000, outcomes: [{ ok: true, latencyMs: 10, gatewayMs: 0.25 }] }, { url: 'http://x', api: 'chat' } as RunParameters, {} as RunEnvironment);
    expect(formatRunSummary(result, 'o').split('\n')).to.include.members(['Gateway time (Server-Timing gateway;dur) (1 samples):', '  p50 0.25 ms  p95 0.25 ms  p99 0.25 ms']);
  });

  it('says when nothing succeeded', () => {
    const result = buildResult({ durationMs: 5, outcomes: [] }, { url: 'u', api: 'generate', stream: false } as RunParameters, {} as RunEnvironment);
    expect(formatRunSummary(result, 'o')).to.include('Latency: no successful samples');
  });

  it('renders a Markdown section for step summaries', () => {
    const result = buildResult({
      durationMs: 1000,
      outcomes: [{ ok: true, latencyMs: 10, completionTokens: 2, ttftMs: 4, itlMs: [3] }],
    }, { url: 'http://x', api: 'chat', stream: true, scenario: 'llm:short' } as RunParameters, {} as RunEnvironment);
    expect(formatRunMarkdown(result).split('\n')).to.include.members([
      '### llm:short: http://x',
      '| 1 | 0.00% | 10.00 | 10.00 | 4.00 | 3.00 | - | 1.0 | 2.0 |',
    ]);
  });
});
