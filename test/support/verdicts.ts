/** Verdict files as llm-bench compare wrote them (schema version 2, which every later reader migrates), for the issue tests. */
import type { MetricComparison } from '../../src/bench/compare/compare-rules.js';

export const slowerP95: MetricComparison = {
  metric: 'p95_latency', baseline: 10, current: 13, change: 0.3, interval: [1.21, 1.4], verdict: 'fail', reason: 'x1.300 is past the x1.20 limit and real',
};
export const steadyErrors: MetricComparison = {
  metric: 'error_rate', baseline: 0, current: 0, change: null, interval: [0, 0.004], verdict: 'pass', reason: 'no errors',
};

export type CraftedStatus = 'pass' | 'warn' | 'fail' | 'inconclusive' | 'skipped';

/** What every crafted verdict file holds besides its outcome. */
const versionTwoFile = {
  schema_version: 2,
  rule: 'statistical',
  confidence: 0.95,
  created_at: '2026-12-01T02:30:00.000Z',
  baseline_file: 'bench/baseline.json',
  current_file: 'bench/results.json',
} as const;

/** A verdict file of `scenario`: `fail` fails (exit 1), and the metrics not passing or warning are the failing ones. */
export function craftVerdict(
  scenario: string, status: CraftedStatus, metrics: readonly MetricComparison[], summary: string,
): Record<string, unknown> {
  return {
    ...versionTwoFile,
    scenario,
    status,
    summary,
    failed: status === 'fail',
    baseline_eligible: status !== 'fail' && status !== 'inconclusive',
    failing_metrics: metrics.flatMap((row) => (row.verdict === 'fail' || row.verdict === 'inconclusive' ? [row.metric] : [])),
    metrics: [...metrics],
  };
}

/** The same outcome as `llm-bench ab` writes it (schema version 3): measured in interleaved rounds on one runner. */
export function craftAbVerdict(
  scenario: string, status: CraftedStatus, metrics: readonly MetricComparison[], summary: string,
): Record<string, unknown> {
  const { baseline_file: _baseline, current_file: _current, ...rest } = craftVerdict(scenario, status, metrics, summary);
  return { ...rest, schema_version: 3, method: 'ab', baseline: 'http://127.0.0.1:8002', current: 'http://127.0.0.1:8000', rounds: 10 };
}
