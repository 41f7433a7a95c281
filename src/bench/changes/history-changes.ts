import { detectChangePoints, type ChangePointSplit, type EDivisiveOptions } from './e-divisive.js';
import { percent } from '../compare/compare-rules.js';
import { metricNames, unitOf, type MetricName } from '../compare/metric-names.js';
import type { HistoryEntry } from '../result/history-file.js';
import type { ChangePoint } from '../result/history-verdict-schema.js';
import { knownScenario } from '../scenario/scenarios.js';

export interface ChangeRules extends EDivisiveOptions {
  /** A change point whose new level has lasted at most this many nights is judged; an older one is only reported. */
  readonly newestNights: number;
  /** Fraction: a smaller change is reported, never judged. */
  readonly minChange: number;
}

/** One metric of one scenario, night by night: the runs that have a value of it, oldest first. */
export interface MetricSeries {
  readonly scenario: string | null;
  readonly metric: MetricName;
  readonly runs: readonly HistoryEntry[];
  readonly values: readonly number[];
}

export interface SeriesChanges {
  readonly series: MetricSeries;
  readonly changePoints: readonly ChangePoint[];
  /** Indices into `series.runs` of the first run after each change point. */
  readonly indices: readonly number[];
}

/** A scenario's runs under an earlier load, left out of the search: how many, and the first run of the current load. */
export interface EarlierLoad {
  readonly scenario: string | null;
  readonly runs: number;
  readonly since: HistoryEntry;
}

/**
 * Each scenario's runs since its load last changed, and what was left out. A scenario whose load was redefined
 * measures something else from then on: the step between the two loads is not a regression.
 */
export function runsOfCurrentLoad(runs: readonly HistoryEntry[]): { kept: HistoryEntry[]; earlier: EarlierLoad[] } {
  const firstOfLoad = new Map<string | null, number>();
  runs.forEach((run, index) => {
    const first = firstOfLoad.get(run.scenario);
    if (first === undefined || runs[first]!.load !== run.load) firstOfLoad.set(run.scenario, index);
  });
  const earlier = [...firstOfLoad].flatMap(([scenario, first]) => {
    const left = runs.slice(0, first).filter((run) => run.scenario === scenario).length;
    return left === 0 ? [] : [{ scenario, runs: left, since: runs[first]! }];
  });
  return { kept: runs.filter((run, index) => index >= firstOfLoad.get(run.scenario)!), earlier };
}

/** Every metric of every scenario in the history, scenarios in order of first appearance, metrics in report order. */
export function seriesOf(runs: readonly HistoryEntry[]): MetricSeries[] {
  const scenarioNames = [...new Set(runs.map((run) => run.scenario))];
  return scenarioNames.flatMap((scenario) => metricNames.flatMap((metric) => {
    const withValue = runs.filter((run) => run.scenario === scenario && typeof run.metrics[metric] === 'number');
    return withValue.length === 0 ? [] : [{ scenario, metric, runs: withValue, values: withValue.map((run) => run.metrics[metric] ?? 0) }];
  }));
}

/** Latency, the gateway's overhead and errors get worse upwards; throughput and output tokens/s downwards. */
export function worseUpwards(metric: MetricName): boolean {
  return unitOf(metric) !== 'per-second';
}

/**
 * What the scenario never gates is not judged here either. Its latencies that compare reports only (one night's
 * pair is too noisy to judge) are: the permutation test weighs a step against the noise of the whole history.
 */
function isGated(scenario: string | null, metric: MetricName): boolean {
  const reported: readonly string[] = knownScenario(scenario)?.reportedOnly ?? [];
  return !reported.includes(metric);
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

function formatPValue(pValue: number): string {
  return `p = ${pValue < 0.001 ? pValue.toExponential(1) : pValue.toFixed(3)}`;
}

type Judgement = Pick<ChangePoint, 'verdict' | 'reason'>;

function judge(series: MetricSeries, nightsAfter: number, regression: boolean, change: number | null, rules: ChangeRules): Judgement {
  const size = change === null ? 'from 0' : `${change >= 0 ? '+' : ''}${percent(change)}`;
  const what = `${regression ? 'worse' : 'better'} (${size}) for the last ${nightsAfter} nights`;
  if (nightsAfter > rules.newestNights) return { verdict: 'pass', reason: `${what}: older than the newest ${rules.newestNights} nights, reported only` };
  if (!isGated(series.scenario, series.metric)) return { verdict: 'pass', reason: `${what}: reported, not gated in this scenario` };
  if (change !== null && Math.abs(change) < rules.minChange) return { verdict: 'pass', reason: `${what}: smaller than ${percent(rules.minChange)}, reported only` };
  return regression ? { verdict: 'fail', reason: `${what}: a lasting regression` } : { verdict: 'warn', reason: `${what}: a lasting improvement` };
}

function describeSplit(series: MetricSeries, split: ChangePointSplit, start: number, end: number, rules: ChangeRules): ChangePoint {
  const before = series.runs[split.index - 1]!;
  const after = series.runs[split.index]!;
  const meanBefore = mean(series.values.slice(start, split.index));
  const meanAfter = mean(series.values.slice(split.index, end));
  const change = meanBefore > 0 ? meanAfter / meanBefore - 1 : null;
  const regression = worseUpwards(series.metric) ? meanAfter > meanBefore : meanAfter < meanBefore;
  const nightsAfter = series.values.length - split.index;
  const { verdict, reason } = judge(series, nightsAfter, regression, change, rules);
  return {
    scenario: series.scenario,
    metric: series.metric,
    nights_after: nightsAfter,
    commit_before: before.git_commit,
    commit_after: after.git_commit,
    timestamp_before: before.timestamp,
    timestamp_after: after.timestamp,
    mean_before: meanBefore,
    mean_after: meanAfter,
    change,
    p_value: split.pValue,
    direction: regression ? 'regression' : 'improvement',
    verdict,
    reason: `${reason}, ${formatPValue(split.pValue)}`,
  };
}

/** The change points of one series, each sized against the segments up to its neighbours, and judged. */
export function findSeriesChanges(series: MetricSeries, rules: ChangeRules): SeriesChanges {
  const splits = detectChangePoints(series.values, rules);
  const bounds = [0, ...splits.map((split) => split.index), series.values.length];
  const changePoints = splits.map((split, position) => describeSplit(series, split, bounds[position]!, bounds[position + 2]!, rules));
  return { series, changePoints, indices: splits.map((split) => split.index) };
}

/** Change points of every gated metric of every scenario in the history. */
export function findHistoryChanges(runs: readonly HistoryEntry[], rules: ChangeRules): SeriesChanges[] {
  return seriesOf(runs).map((series) => findSeriesChanges(series, rules));
}
