import type { MetricComparison } from './compare-rules.js';
import { describeMetric, unitOf, type MetricName } from './metric-names.js';
import type { VerdictFile } from '../result/verdict-schema.js';

function formatValue(metric: MetricName, value: number | null): string {
  if (value === null) return '-';
  const unit = unitOf(metric);
  if (unit === 'fraction') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'per-second') return `${value.toFixed(1)}${metric === 'throughput' ? ' req/s' : ' tok/s'}`;
  if (unit === 'us') return `${value.toFixed(1)} µs`;
  return `${value.toFixed(value < 1 ? 3 : 2)} ms`;
}

function formatChange(change: number | null): string {
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

/** One line for logs, issue comments and the verdict file. */
export function summarizeVerdict(status: string, metrics: readonly MetricComparison[]): string {
  const flagged = metrics.filter((row) => row.verdict !== 'pass');
  if (flagged.length === 0) return `${status.toUpperCase()}: no regression`;
  const parts = flagged.map((row) => `${describeMetric(row.metric)} ${row.verdict} (${formatChange(row.change)}, ${formatValue(row.metric, row.current)})`);
  return `${status.toUpperCase()}: ${parts.join('; ')}`;
}

/** The section a verdict gets in a step summary or an issue: the one renderer of every benchmark table. */
export function formatVerdictSection(verdict: VerdictFile): string {
  const title = `### ${verdict.scenario ?? 'benchmark'}: ${verdict.status.toUpperCase()}`;
  const table = verdict.metrics.length > 0 ? `\n${formatMarkdownTable(verdict.metrics)}` : '';
  return `${title}\n\n${verdict.summary}\n${table}`;
}
