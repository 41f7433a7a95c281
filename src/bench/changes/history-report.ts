import type { ChangeRules, SeriesChanges } from './history-changes.js';
import { formatChange, formatValue, formatVerdictSection } from '../compare/compare-report.js';
import { combineVerdicts, type MetricComparison } from '../compare/compare-rules.js';
import { describeMetric, type MetricName } from '../compare/metric-names.js';
import { formatHistoryChart } from '../result/history-file.js';
import type { ChangePoint, HistoryVerdict } from '../result/history-verdict-schema.js';
import { verdictSchemaVersion } from '../result/verdict-schema.js';

const shortCommit = (commit: string | null): string => commit?.slice(0, 7) ?? '?';

function describeChange(point: ChangePoint): string {
  const change = point.change === null ? 'from 0' : formatChange(point.change);
  return `${point.scenario ?? 'benchmark'} ${describeMetric(point.metric)} ${change} since ${shortCommit(point.commit_after)} (${point.nights_after} nights)`;
}

/** A change point as a row of compare's verdict table: before and after stand where baseline and current do. */
function comparisonOf(point: ChangePoint): MetricComparison {
  return {
    metric: point.metric,
    baseline: point.mean_before,
    current: point.mean_after,
    change: point.change,
    interval: null,
    verdict: point.verdict,
    reason: `${point.scenario ?? 'benchmark'}: change point between ${shortCommit(point.commit_before)} and ${shortCommit(point.commit_after)}, ${point.reason}`,
  };
}

/**
 * The one decision of `llm-bench history`: FAIL when a gated metric has a
 * lasting regression at the newest nights, WARN on a lasting improvement
 * there, PASS otherwise. Rows: the change points at the newest nights.
 */
export function buildHistoryVerdict(file: string, found: readonly SeriesChanges[], rules: ChangeRules, createdAt: string): HistoryVerdict {
  const changePoints = found.flatMap((series) => series.changePoints);
  const newest = changePoints.filter((point) => point.nights_after <= rules.newestNights);
  const status = combineVerdicts(newest.map((point) => point.verdict));
  const flagged = newest.filter((point) => point.verdict !== 'pass');
  const older = changePoints.length - newest.length;
  const summary = flagged.length > 0
    ? `${status.toUpperCase()}: change point${flagged.length > 1 ? 's' : ''} at the newest nights: ${flagged.map(describeChange).join('; ')}`
    : `PASS: no lasting regression in the newest ${rules.newestNights} nights (${changePoints.length} change point${changePoints.length === 1 ? '' : 's'} found, ${older} older)`;
  return {
    schema_version: verdictSchemaVersion,
    method: 'history',
    status,
    failed: status === 'fail',
    baseline_eligible: status !== 'fail',
    scenario: null,
    summary,
    failing_metrics: [...new Set(newest.filter((point) => point.verdict === 'fail').map((point) => point.metric))],
    rule: 'statistical',
    confidence: 1 - rules.significance,
    created_at: createdAt,
    baseline: file,
    current: file,
    rounds: null,
    metrics: newest.map(comparisonOf),
    change_points: changePoints,
  };
}

const headers = ['scenario', 'metric', 'commits', 'nights since', 'before', 'after', 'change', 'p-value', 'verdict'];

/** Every change point found, newest last within each metric: the report `llm-bench history` prints. */
export function formatChangePointTable(changePoints: readonly ChangePoint[]): string {
  if (changePoints.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rows = changePoints.map((point) => line([
    point.scenario ?? '-',
    describeMetric(point.metric),
    `${shortCommit(point.commit_before)}..${shortCommit(point.commit_after)}`,
    String(point.nights_after),
    formatValue(point.metric, point.mean_before),
    formatValue(point.metric, point.mean_after),
    point.change === null ? 'from 0' : formatChange(point.change),
    point.p_value.toFixed(3),
    `${point.verdict.toUpperCase()}: ${point.reason}`,
  ]));
  return `${[line(headers), line(headers.map(() => '---')), ...rows].join('\n')}\n`;
}

/**
 * Charts for the step summary: each scenario's headline metric (TTFT p95 when
 * it streams, else the target's CPU per request when it was read, else
 * end-to-end p95), and every other metric with a change point shown, each
 * over its last `nights` runs with the change points marked.
 */
export function formatChangeCharts(found: readonly SeriesChanges[], nights: number): string {
  const measured = (metric: MetricName) => new Set(found.filter(({ series }) => series.metric === metric).map(({ series }) => series.scenario));
  const streams = measured('ttft_p95');
  const cpu = measured('target_cpu_per_request');
  const headlineOf = (scenario: string | null): MetricName => {
    if (streams.has(scenario)) return 'ttft_p95';
    return cpu.has(scenario) ? 'target_cpu_per_request' : 'p95_latency';
  };
  const charts: string[] = [];
  for (const { series, indices } of found) {
    const first = series.runs.length - Math.min(nights, series.runs.length);
    const shown = indices.filter((index) => index >= first).map((index) => index - first);
    const headline = series.metric === headlineOf(series.scenario);
    if (!headline && shown.length === 0) continue;
    charts.push(`#### ${series.scenario ?? 'benchmark'}: ${describeMetric(series.metric)}\n\n${formatHistoryChart(series.runs.slice(first), series.metric, shown)}`);
  }
  return charts.join('\n');
}

/** The step summary's section: compare's verdict section, every change point, then the charts. */
export function formatHistorySection(verdict: HistoryVerdict, found: readonly SeriesChanges[], nights: number): string {
  const table = formatChangePointTable(verdict.change_points);
  const section = formatVerdictSection({ ...verdict, scenario: 'change points' });
  return `${section}${table ? `\nEvery change point found:\n\n${table}` : ''}\n${formatChangeCharts(found, nights)}`;
}
