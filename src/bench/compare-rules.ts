import { bootstrapQuantileRatios, type RatioInterval } from './bootstrap.js';
import type { ComparableResult } from './run-result.js';
import { wilsonInterval } from './wilson-interval.js';

export const compareRuleKinds = ['statistical', 'threshold'] as const;
export type CompareRuleKind = typeof compareRuleKinds[number];

export interface CompareRules {
  readonly rule: CompareRuleKind;
  /** Fractions: 0.2 is 20%. */
  readonly failP95: number;
  readonly warnP95: number;
  readonly warnP50: number;
  readonly warnThroughput: number;
  readonly maxErrorRate: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minSamples: number;
}

export const defaultCompareRules: CompareRules = {
  rule: 'statistical',
  failP95: 0.2,
  warnP95: 0.1,
  warnP50: 0.15,
  warnThroughput: 0.15,
  maxErrorRate: 0.01,
  confidence: 0.95,
  resamples: 2000,
  seed: 1,
  minSamples: 30,
};

export type Verdict = 'pass' | 'warn' | 'fail' | 'inconclusive';
export type MetricName = 'p95_latency' | 'p50_latency' | 'error_rate' | 'throughput';

export interface MetricComparison {
  readonly metric: MetricName;
  readonly baseline: number | null;
  readonly current: number | null;
  /** current/baseline - 1; null when there is nothing to divide by. */
  readonly change: number | null;
  /** Ratio interval for latencies, rate interval for the error rate, null for plain thresholds. */
  readonly interval: readonly [number, number] | null;
  readonly verdict: Verdict;
  readonly reason: string;
}

const severity: Record<Verdict, number> = { pass: 0, warn: 1, inconclusive: 2, fail: 3 };

/** The worst verdict wins: fail, then inconclusive, then warn, then pass. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, next) => (severity[next] > severity[worst] ? next : worst), 'pass');
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction !== 0 && Math.abs(fraction) < 0.01 ? 2 : 1)}%`;
}

function relativeChange(current: number, baseline: number): number | null {
  return baseline > 0 ? current / baseline - 1 : null;
}

function judgeP95(interval: RatioInterval, rules: CompareRules): Pick<MetricComparison, 'verdict' | 'reason'> {
  const ci = `${percent(rules.confidence)} CI of the ratio ${interval.lower.toFixed(3)}-${interval.upper.toFixed(3)}`;
  for (const [verdict, limit] of [['fail', rules.failP95], ['warn', rules.warnP95]] as const) {
    if (interval.estimate > 1 + limit && interval.lower > 1 + limit) {
      return { verdict, reason: `slower by more than ${percent(limit)}: ${ci} lies wholly above ${(1 + limit).toFixed(2)}` };
    }
  }
  if (interval.estimate > 1 + rules.warnP95) {
    return { verdict: 'pass', reason: `above ${percent(rules.warnP95)} but not significant: ${ci}` };
  }
  return { verdict: 'pass', reason: `within limits: ${ci}` };
}

function judgeP50(interval: RatioInterval, rules: CompareRules): Pick<MetricComparison, 'verdict' | 'reason'> {
  const ci = `${percent(rules.confidence)} CI of the ratio ${interval.lower.toFixed(3)}-${interval.upper.toFixed(3)}`;
  const moved = interval.lower > 1 + rules.warnP50 || interval.upper < 1 - rules.warnP50;
  return moved
    ? { verdict: 'warn', reason: `changed by more than ${percent(rules.warnP50)}: ${ci}` }
    : { verdict: 'pass', reason: `no significant change beyond ${percent(rules.warnP50)}: ${ci}` };
}

function judgeByThreshold(change: number | null, fail: number | undefined, warn: number, twoSided: boolean): Pick<MetricComparison, 'verdict' | 'reason'> {
  if (change === null) return { verdict: 'pass', reason: 'no baseline value to compare with' };
  const size = twoSided ? Math.abs(change) : change;
  if (fail !== undefined && size > fail) return { verdict: 'fail', reason: `changed by more than ${percent(fail)} (plain threshold)` };
  if (size > warn) return { verdict: 'warn', reason: `changed by more than ${percent(warn)} (plain threshold)` };
  return { verdict: 'pass', reason: 'within the plain threshold' };
}

function compareLatencies(baseline: ComparableResult, current: ComparableResult, rules: CompareRules): MetricComparison[] {
  const base = baseline.latency_stats;
  const now = current.latency_stats;
  const values = (key: 'p95_ms' | 'p50_ms') => ({
    baseline: base?.[key] ?? null,
    current: now?.[key] ?? null,
    change: base && now ? relativeChange(now[key], base[key]) : null,
  });
  const p95 = { metric: 'p95_latency' as const, ...values('p95_ms') };
  const p50 = { metric: 'p50_latency' as const, ...values('p50_ms') };
  const samples = Math.min(baseline.latencies_ms.length, current.latencies_ms.length);
  if (base === null || now === null || (rules.rule === 'statistical' && samples < rules.minSamples)) {
    const reason = `too few successful samples to decide (${samples}, need ${rules.minSamples})`;
    return [{ ...p95, interval: null, verdict: 'inconclusive', reason }, { ...p50, interval: null, verdict: 'inconclusive', reason }];
  }
  if (rules.rule === 'threshold') {
    return [
      { ...p95, interval: null, ...judgeByThreshold(p95.change, rules.failP95, rules.warnP95, false) },
      { ...p50, interval: null, ...judgeByThreshold(p50.change, undefined, rules.warnP50, true) },
    ];
  }
  const [p95Interval, p50Interval] = bootstrapQuantileRatios(baseline.latencies_ms, current.latencies_ms, [0.95, 0.5], rules);
  return [
    { ...p95, interval: [p95Interval.lower, p95Interval.upper], ...judgeP95(p95Interval, rules) },
    { ...p50, interval: [p50Interval.lower, p50Interval.upper], ...judgeP50(p50Interval, rules) },
  ];
}

function compareErrorRate(baseline: ComparableResult, current: ComparableResult, rules: CompareRules): MetricComparison {
  const rate = current.total_requests > 0 ? current.failed_requests / current.total_requests : 0;
  const values = { metric: 'error_rate' as const, baseline: baseline.error_rate, current: rate, change: null };
  const limit = percent(rules.maxErrorRate);
  if (current.total_requests === 0) return { ...values, interval: null, verdict: 'inconclusive', reason: 'no requests' };
  if (rules.rule === 'threshold') {
    return rate > rules.maxErrorRate
      ? { ...values, interval: null, verdict: 'fail', reason: `above ${limit} (plain threshold)` }
      : { ...values, interval: null, verdict: 'pass', reason: `at most ${limit}` };
  }
  const { lower, upper } = wilsonInterval(current.failed_requests, current.total_requests, rules.confidence);
  const interval = [lower, upper] as const;
  const ci = `${percent(rules.confidence)} Wilson interval ${percent(lower)}-${percent(upper)}`;
  if (lower > rules.maxErrorRate) return { ...values, interval, verdict: 'fail', reason: `above ${limit}: ${ci}` };
  if (rate > rules.maxErrorRate) {
    return { ...values, interval, verdict: 'inconclusive', reason: `above ${limit} but ${current.total_requests} requests cannot show it: ${ci}` };
  }
  return { ...values, interval, verdict: 'pass', reason: `at most ${limit}: ${ci}` };
}

function compareThroughput(baseline: ComparableResult, current: ComparableResult, rules: CompareRules): MetricComparison {
  const change = relativeChange(current.throughput_rps, baseline.throughput_rps);
  // One value per run: there are no samples to test, so only the plain (warning) threshold applies.
  return {
    metric: 'throughput',
    baseline: baseline.throughput_rps,
    current: current.throughput_rps,
    change,
    interval: null,
    ...judgeByThreshold(change, undefined, rules.warnThroughput, true),
  };
}

/** Every metric's comparison, in report order. */
export function compareMetrics(baseline: ComparableResult, current: ComparableResult, rules: CompareRules): MetricComparison[] {
  const [p95, p50] = compareLatencies(baseline, current, rules);
  return [p95, compareErrorRate(baseline, current, rules), p50, compareThroughput(baseline, current, rules)];
}
