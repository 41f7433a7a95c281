import type { MetricComparison } from './compare-rules.js';
import { describeMetric, unitOf, type MetricName } from './metric-names.js';
import type { VerdictFile } from '../result/verdict-schema.js';

export function formatValue(metric: MetricName, value: number | null): string {
  if (value === null) return '-';
  const unit = unitOf(metric);
  if (unit === 'fraction') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'per-second') return `${value.toFixed(1)}${metric === 'throughput' ? ' req/s' : ' tok/s'}`;
  if (unit === 'us') return `${value.toFixed(1)} µs`;
  return `${value.toFixed(value < 1 ? 3 : 2)} ms`;
}

export function formatChange(change: number | null): string {
  return change === null ? '-' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

function formatInterval(metric: MetricName, interval: readonly [number, number] | null): string {
  if (interval === null) return '-';
  if (unitOf(metric) === 'fraction') return `${(interval[0] * 100).toFixed(2)}% to ${(interval[1] * 100).toFixed(2)}%`;
  return `x${interval[0].toFixed(3)} to x${interval[1].toFixed(3)}`;
}

const headers = ['metric', 'baseline', 'current', 'change', 'interval', 'verdict'];

function tableRows(metrics: readonly MetricComparison[]): string[][] {
  return metrics.map((row) => [
    describeMetric(row.metric),
    formatValue(row.metric, row.baseline),
    formatValue(row.metric, row.current),
    formatChange(row.change),
    formatInterval(row.metric, row.interval),
    row.verdict.toUpperCase(),
  ]);
}

/** A fixed-width table for terminals and logs, then one line of reasoning per metric. */
export function formatTextTable(metrics: readonly MetricComparison[]): string {
  const rows = [headers, ...tableRows(metrics)];
  const widths = headers.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  const reasons = metrics.map((row) => `  ${describeMetric(row.metric)}: ${row.reason}`);
  return `${[...lines, '', ...reasons].join('\n')}\n`;
}

export function formatMarkdownTable(metrics: readonly MetricComparison[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const rows = tableRows(metrics).map((row, index) => line([...row.slice(0, 5), `${row[5]}: ${metrics[index].reason}`]));
  return `${[line(headers), line(headers.map(() => '---')), ...rows].join('\n')}\n`;
}

/** `TTFT p95 +31.0% (x1.050 to x1.400)`: one metric's change and interval, for progress lines. */
export function describeMetricChange(row: MetricComparison): string {
  return `${describeMetric(row.metric)} ${formatChange(row.change)} (${formatInterval(row.metric, row.interval)})`;
}

/** One line for logs, issue comments and the verdict file. */
export function summarizeVerdict(status: string, metrics: readonly MetricComparison[]): string {
  const flagged = metrics.filter((row) => row.verdict !== 'pass');
  if (flagged.length === 0) return `${status.toUpperCase()}: no regression`;
  const parts = flagged.map((row) => `${describeMetric(row.metric)} ${row.verdict} (${formatChange(row.change)}, ${formatValue(row.metric, row.current)})`);
  return `${status.toUpperCase()}: ${parts.join('; ')}`;
}

/** For an A/B verdict, what was measured against what (a compare verdict names its files nowhere in the report). */
function describeMeasurement(verdict: VerdictFile): string {
  if (verdict.method !== 'ab') return '';
  return `A/B in ${verdict.rounds ?? 0} interleaved rounds: current ${verdict.current} against baseline ${verdict.baseline}\n\n`;
}

/** What compare and ab print: the table with one reason per metric, then the one-line summary. */
export function formatVerdictText(verdict: VerdictFile): string {
  const table = verdict.metrics.length > 0 ? `${formatTextTable(verdict.metrics)}\n` : '';
  return `${describeMeasurement(verdict)}${table}${verdict.summary}\n`;
}

/** The section a verdict gets in a step summary or an issue: the one renderer of every benchmark table. */
export function formatVerdictSection(verdict: VerdictFile): string {
  const title = `### ${verdict.scenario ?? 'benchmark'}: ${verdict.status.toUpperCase()}`;
  const table = verdict.metrics.length > 0 ? `\n${formatMarkdownTable(verdict.metrics)}` : '';
  return `${title}\n\n${describeMeasurement(verdict)}${verdict.summary}\n${table}`;
}
