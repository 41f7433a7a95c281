import { median } from 'simple-statistics';
import {
  assembleMetrics, cpuLimits, judgeChange, judgeInterval, percent, sortedQuantile, type CompareRules, type Limits, type MetricComparison,
  type QuantileMetric,
} from '../compare/compare-rules.js';
import type { MetricName } from '../compare/metric-names.js';
import type { BenchResult } from '../result/result-schema.js';
import { medianInterval } from '../stats/median-interval.js';

/** The two sides' results of one round, or of all rounds pooled. */
export interface ResultPair {
  readonly baseline: BenchResult;
  readonly current: BenchResult;
}

/** Each round's value of the metric on one side; undefined for a round without samples of it. */
function roundValues(spec: QuantileMetric, results: readonly BenchResult[]): (number | undefined)[] {
  return results.map((result) => {
    const samples = spec.samples(result);
    return samples.length > 0 ? sortedQuantile(samples, spec.quantile) : undefined;
  });
}

const medianOf = (values: readonly (number | undefined)[]): number | null =>
  values.every((value) => value !== undefined) ? median(values as number[]) : null;

/** A row's figures before any judgement: the medians of the sides' per-round values. */
function medianRow(metric: MetricName, base: readonly (number | undefined)[], now: readonly (number | undefined)[]) {
  return { metric, baseline: medianOf(base), current: medianOf(now), change: null, interval: null };
}

/**
 * Judges a metric on the rounds' paired ratios: the median of each round's
 * current/baseline value and its sign-test interval (see medianInterval), by
 * compare's rules. The row's baseline and current are the medians of the
 * sides' per-round values.
 */
function judgeRatios(
  metric: MetricName, limits: Limits, base: readonly (number | undefined)[], now: readonly (number | undefined)[], rules: CompareRules,
): MetricComparison {
  const values = medianRow(metric, base, now);
  if (base.every((value) => value === undefined)) return { ...values, verdict: 'pass', reason: 'the baseline has no samples of it' };
  const logRatios = base.map((value, index) => Math.log(now[index]! / value!));
  if (!logRatios.every(Number.isFinite)) return { ...values, verdict: 'inconclusive', reason: 'a round measured nothing or 0 on one side: no ratio' };
  const interval = medianInterval(logRatios, rules.confidence);
  if (interval === undefined) {
    return { ...values, verdict: 'inconclusive', reason: `too few rounds (${base.length}) for a ${percent(rules.confidence)} interval` };
  }
  const ratio = { estimate: Math.exp(interval.estimate), lower: Math.exp(interval.lower), upper: Math.exp(interval.upper) };
  const judgement = rules.rule === 'threshold' ? judgeChange(ratio.estimate - 1, limits) : judgeInterval(ratio, limits, rules);
  return {
    ...values,
    change: ratio.estimate - 1,
    interval: [ratio.lower, ratio.upper],
    verdict: judgement.verdict,
    reason: `${judgement.reason}; ${base.length} paired rounds`,
  };
}

/** A quantile metric on the paired rounds, each round's quantile from its own samples. */
function judgePairedQuantile(spec: QuantileMetric, rounds: readonly ResultPair[], rules: CompareRules): MetricComparison | undefined {
  const sampleCounts = rounds.flatMap((round) => [spec.samples(round.baseline).length, spec.samples(round.current).length]);
  if (sampleCounts.every((count) => count === 0)) return undefined;
  const base = roundValues(spec, rounds.map((round) => round.baseline));
  const now = roundValues(spec, rounds.map((round) => round.current));
  const fewest = Math.min(...sampleCounts);
  if (base.some((value) => value !== undefined) && fewest < rules.minSamples) {
    return { ...medianRow(spec.metric, base, now), verdict: 'inconclusive', reason: `too few samples in a round to decide (${fewest}, need ${rules.minSamples})` };
  }
  return judgeRatios(spec.metric, spec.limits(rules), base, now, rules);
}

/**
 * The target's CPU per request on the paired rounds, each round's figure from the CPU its side's target spent in
 * that round: what drifts on the machine between rounds cancels in the ratios, as it does for the latencies.
 */
function judgePairedCpu(rounds: readonly ResultPair[], rules: CompareRules): MetricComparison | undefined {
  const cpuOf = (result: BenchResult) => result.target_cpu?.cpu_us_per_request ?? undefined;
  const base = rounds.map((round) => cpuOf(round.baseline));
  const now = rounds.map((round) => cpuOf(round.current));
  if (base.every((value) => value === undefined) && now.every((value) => value === undefined)) return undefined;
  return judgeRatios('target_cpu_per_request', cpuLimits(rules), base, now, rules);
}

/**
 * Every metric of an A/B measurement, in compare's order and by its rules:
 * the quantiles and the target's CPU on the paired rounds, the error rate
 * and the rates on each side's rounds pooled.
 */
export function judgeAbRounds(rounds: readonly ResultPair[], pooled: ResultPair, rules: CompareRules): MetricComparison[] {
  const judges = { quantile: (spec: QuantileMetric) => judgePairedQuantile(spec, rounds, rules), targetCpu: () => judgePairedCpu(rounds, rules) };
  return assembleMetrics(judges, pooled.baseline, pooled.current, rules);
}
