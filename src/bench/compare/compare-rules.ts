import { quantileSorted } from 'simple-statistics';
import type { MetricName } from './metric-names.js';
import type { BenchResult, TargetCpu } from '../result/result-schema.js';
import { bootstrapQuantileRatios, type RatioInterval } from '../stats/bootstrap.js';
import { bootstrapRatioOfSums } from '../stats/ratio-of-sums.js';
import { wilsonInterval } from '../stats/wilson-interval.js';

export const compareRuleKinds = ['statistical', 'threshold'] as const;
export type CompareRuleKind = typeof compareRuleKinds[number];

export interface CompareRules {
  /**
   * statistical: FAIL when the point estimate is past the limit and the whole
   * interval lies above no-change (the change is real); threshold: the point
   * estimate alone.
   */
  readonly rule: CompareRuleKind;
  /** Fractions: 0.2 is 20%. The p95 limit applies to every p95 metric (end-to-end, TTFT, ITL, gateway overhead). */
  readonly failP95: number;
  readonly warnP95: number;
  /** FAIL on a p50 regression past this; undefined: p50 only warns. */
  readonly failP50: number | undefined;
  readonly warnP50: number;
  readonly warnThroughput: number;
  /** FAIL when the target's CPU per request grows past this. */
  readonly failCpu: number;
  /** FAIL when the observed error rate exceeds it. */
  readonly maxErrorRate: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minSamples: number;
  /** Blocks per run in the bootstrap (1: independent draws). */
  readonly blocks: number;
  /** Metrics shown but never failed or warned on: the scenario gates others (what users feel, or the gateway's own cost). */
  readonly reportedOnly: ReadonlySet<MetricName>;
}

export const defaultCompareRules: CompareRules = {
  rule: 'statistical',
  failP95: 0.2,
  warnP95: 0.1,
  failP50: undefined,
  warnP50: 0.15,
  warnThroughput: 0.15,
  failCpu: 0.2,
  maxErrorRate: 0.01,
  confidence: 0.95,
  resamples: 2000,
  seed: 1,
  minSamples: 30,
  blocks: 20,
  reportedOnly: new Set(['target_cpu_per_request']),
};

/** Fewer CPU windows than this on either side is inconclusive: too few to resample. */
export const minCpuWindows = 20;

export type Verdict = 'pass' | 'warn' | 'fail' | 'inconclusive';

export interface MetricComparison {
  readonly metric: MetricName;
  readonly baseline: number | null;
  readonly current: number | null;
  /** current/baseline - 1; null when there is nothing to divide by. */
  readonly change: number | null;
  /** Ratio interval for quantiles, Wilson interval of the rate for errors, null for single values. */
  readonly interval: [number, number] | null;
  readonly verdict: Verdict;
  readonly reason: string;
}

export type Judgement = Pick<MetricComparison, 'verdict' | 'reason'>;

const severity: Record<Verdict, number> = { pass: 0, warn: 1, inconclusive: 2, fail: 3 };

/** The worst verdict wins: fail, then inconclusive, then warn, then pass. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, next) => (severity[next] > severity[worst] ? next : worst), 'pass');
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction !== 0 && Math.abs(fraction) < 0.01 ? 2 : 1)}%`;
}

function relativeChange(current: number, baseline: number): number | null {
  return baseline > 0 ? current / baseline - 1 : null;
}

export interface Limits {
  readonly fail: number | undefined;
  readonly warn: number;
  /** p50 warns on a change either way; the p95 metrics only on a slowdown. */
  readonly twoSided: boolean;
}

/** The statistical rule on a ratio's estimate and interval. */
export function judgeInterval(interval: RatioInterval, limits: Limits, rules: CompareRules): Judgement {
  const ci = `${percent(rules.confidence)} CI of the ratio ${interval.lower.toFixed(3)}-${interval.upper.toFixed(3)}`;
  const real = interval.lower > 1;
  for (const [verdict, limit] of [['fail', limits.fail], ['warn', limits.warn]] as const) {
    if (limit !== undefined && interval.estimate > 1 + limit && real) {
      return { verdict, reason: `slower by more than ${percent(limit)} (x${interval.estimate.toFixed(3)}), and ${ci} lies wholly above 1` };
    }
  }
  if (limits.twoSided && interval.estimate < 1 - limits.warn && interval.upper < 1) {
    return { verdict: 'warn', reason: `faster by more than ${percent(limits.warn)}: ${ci} lies wholly below 1` };
  }
  if (interval.estimate > 1 + limits.warn) return { verdict: 'pass', reason: `above ${percent(limits.warn)} but not shown to be real: ${ci}` };
  return { verdict: 'pass', reason: `within limits: ${ci}` };
}

/** The plain threshold rule on the estimate alone. */
export function judgeChange(change: number | null, limits: Limits): Judgement {
  if (change === null) return { verdict: 'pass', reason: 'no baseline value to compare with' };
  const size = limits.twoSided ? Math.abs(change) : change;
  if (limits.fail !== undefined && size > limits.fail) return { verdict: 'fail', reason: `changed by more than ${percent(limits.fail)} (plain threshold)` };
  if (size > limits.warn) return { verdict: 'warn', reason: `changed by more than ${percent(limits.warn)} (plain threshold)` };
  return { verdict: 'pass', reason: 'within the plain threshold' };
}

export interface QuantileMetric {
  readonly metric: MetricName;
  readonly quantile: number;
  readonly samples: (result: BenchResult) => readonly number[];
  readonly limits: (rules: CompareRules) => Limits;
}

const p95Limits = (rules: CompareRules): Limits => ({ fail: rules.failP95, warn: rules.warnP95, twoSided: false });

const quantileMetrics: readonly QuantileMetric[] = [
  { metric: 'p95_latency', quantile: 0.95, samples: (result) => result.latencies_ms, limits: p95Limits },
  { metric: 'ttft_p95', quantile: 0.95, samples: (result) => result.ttft_ms, limits: p95Limits },
  { metric: 'itl_p95', quantile: 0.95, samples: (result) => result.itl_ms, limits: p95Limits },
  { metric: 'gateway_overhead_p95', quantile: 0.95, samples: (result) => result.server_timing_ms.gateway ?? [], limits: p95Limits },
  {
    metric: 'p50_latency',
    quantile: 0.5,
    samples: (result) => result.latencies_ms,
    limits: (rules) => ({ fail: rules.failP50, warn: rules.warnP50, twoSided: true }),
  },
];

export function sortedQuantile(samples: readonly number[], p: number): number {
  return quantileSorted([...samples].sort((a, b) => a - b), p);
}

/** A quantile metric is reported when the baseline has samples of it; a metric neither side measured is left out. */
function compareQuantile(spec: QuantileMetric, baseline: BenchResult, current: BenchResult, rules: CompareRules): MetricComparison | undefined {
  const base = spec.samples(baseline);
  const now = spec.samples(current);
  if (base.length === 0 && now.length === 0) return undefined;
  const baseValue = base.length > 0 ? sortedQuantile(base, spec.quantile) : null;
  const nowValue = now.length > 0 ? sortedQuantile(now, spec.quantile) : null;
  const values = {
    metric: spec.metric,
    baseline: baseValue,
    current: nowValue,
    change: baseValue !== null && nowValue !== null ? relativeChange(nowValue, baseValue) : null,
  };
  if (base.length === 0) return { ...values, interval: null, verdict: 'pass', reason: 'the baseline has no samples of it' };
  const limits = spec.limits(rules);
  const fewest = Math.min(base.length, now.length);
  if (fewest < rules.minSamples) {
    return { ...values, interval: null, verdict: 'inconclusive', reason: `too few samples to decide (${fewest}, need ${rules.minSamples})` };
  }
  if (rules.rule === 'threshold') return { ...values, interval: null, ...judgeChange(values.change, limits) };
  const [interval] = bootstrapQuantileRatios(base, now, [spec.quantile], rules);
  return { ...values, interval: [interval.lower, interval.upper], ...judgeInterval(interval, limits, rules) };
}

/** The seed's rule: FAIL when the observed error rate exceeds the limit; the Wilson interval is reported beside it. */
function compareErrorRate(baseline: BenchResult, current: BenchResult, rules: CompareRules): MetricComparison {
  const rate = current.total_requests > 0 ? current.failed_requests / current.total_requests : 0;
  const values = { metric: 'error_rate' as const, baseline: baseline.error_rate, current: rate, change: null };
  if (current.total_requests === 0) return { ...values, interval: null, verdict: 'inconclusive', reason: 'no requests' };
  const { lower, upper } = wilsonInterval(current.failed_requests, current.total_requests, rules.confidence);
  const verdict = rate > rules.maxErrorRate ? 'fail' : 'pass';
  const reason = `${verdict === 'fail' ? 'above' : 'at most'} ${percent(rules.maxErrorRate)}`
    + ` (${current.failed_requests} of ${current.total_requests}; ${percent(rules.confidence)} Wilson interval ${percent(lower)}-${percent(upper)})`;
  return { ...values, interval: [lower, upper], verdict, reason };
}

/** One value per run: there are no samples to resample, so only the plain (warning) threshold applies. */
function compareRate(metric: 'throughput' | 'output_tokens_per_s', baseline: number, current: number, rules: CompareRules): MetricComparison {
  const change = relativeChange(current, baseline);
  return {
    metric,
    baseline,
    current,
    change,
    interval: null,
    ...judgeChange(change, { fail: undefined, warn: rules.warnThroughput, twoSided: true }),
  };
}

/**
 * The target's CPU per request (its process_cpu_seconds_total over the requests completed), resampled by window;
 * left out when neither run read it.
 */
function compareTargetCpu(baseline: BenchResult, current: BenchResult, rules: CompareRules): MetricComparison | undefined {
  const base = baseline.target_cpu;
  const now = current.target_cpu;
  if (base === undefined && now === undefined) return undefined;
  const baseValue = base?.cpu_us_per_request ?? null;
  const nowValue = now?.cpu_us_per_request ?? null;
  const values = {
    metric: 'target_cpu_per_request' as const,
    baseline: baseValue,
    current: nowValue,
    change: baseValue !== null && nowValue !== null ? relativeChange(nowValue, baseValue) : null,
  };
  if (base === undefined || baseValue === null) return { ...values, interval: null, verdict: 'pass', reason: 'the baseline has no CPU figures' };
  const fewest = Math.min(base.windows.length, now?.windows.length ?? 0);
  if (now === undefined || fewest < minCpuWindows) {
    return { ...values, interval: null, verdict: 'inconclusive', reason: `too few CPU windows to decide (${fewest}, need ${minCpuWindows})` };
  }
  const limits = cpuLimits(rules);
  if (rules.rule === 'threshold') return { ...values, interval: null, ...judgeChange(values.change, limits) };
  const asRatio = (cpu: TargetCpu) => cpu.windows.map((window) => ({ spent: window.cpu_s, done: window.requests }));
  const interval = bootstrapRatioOfSums(asRatio(base), asRatio(now), rules);
  return { ...values, interval: [interval.lower, interval.upper], ...judgeInterval(interval, limits, rules) };
}

function reportOnly(row: MetricComparison): MetricComparison {
  return { ...row, verdict: 'pass', reason: `reported, not gated in this scenario (${row.reason})` };
}

/**
 * How the metrics measured per sample are judged: on the two runs' samples (compare) or on paired rounds (ab). The
 * target's CPU is judged apart from the quantiles: across runs on its windows, in ab on each round's figure.
 */
export interface MetricJudges {
  readonly quantile: (spec: QuantileMetric) => MetricComparison | undefined;
  readonly targetCpu: () => MetricComparison | undefined;
}

/** The limits of CPU per request: FAIL (and WARN) past `--fail-cpu-pct`, improvements never fail. */
export const cpuLimits = (rules: CompareRules): Limits => ({ fail: rules.failCpu, warn: rules.failCpu, twoSided: false });

/**
 * Every metric's row, in report order: the quantiles and the target's CPU as `judges` say, the error rate and the
 * rates from the two results (for ab: each side's rounds pooled). The worst verdict of them is the run's.
 */
export function assembleMetrics(judges: MetricJudges, baseline: BenchResult, current: BenchResult, rules: CompareRules): MetricComparison[] {
  const quantiles = quantileMetrics.map(judges.quantile);
  const rows = [
    ...quantiles.slice(0, 4),
    judges.targetCpu(),
    compareErrorRate(baseline, current, rules),
    quantiles[4],
    compareRate('throughput', baseline.throughput_rps, current.throughput_rps, rules),
  ];
  if (baseline.parameters.stream || current.parameters.stream) {
    rows.push(compareRate('output_tokens_per_s', baseline.tokens_per_sec, current.tokens_per_sec, rules));
  }
  return rows
    .filter((row): row is MetricComparison => row !== undefined)
    .map((row) => (rules.reportedOnly.has(row.metric) ? reportOnly(row) : row));
}

/** Every metric's comparison of two runs, on their raw samples. */
export function compareMetrics(baseline: BenchResult, current: BenchResult, rules: CompareRules): MetricComparison[] {
  const judges = {
    quantile: (spec: QuantileMetric) => compareQuantile(spec, baseline, current, rules),
    targetCpu: () => compareTargetCpu(baseline, current, rules),
  };
  return assembleMetrics(judges, baseline, current, rules);
}
