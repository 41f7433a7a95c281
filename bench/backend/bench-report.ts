import { median } from 'simple-statistics';
import type { BackendBenchOptions, BackendBenchResult } from './backend-bench.js';

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const signed = (value: number): string => (value >= 0 ? `+${fixed(value)}` : fixed(value));

/** The benchmark's result as Markdown tables, ready for the terminal and the README. */
export function formatBackendBench(result: BackendBenchResult, options: BackendBenchOptions): string {
  const { throughput, accuracy } = result;
  const lines = [
    `Non-streaming chat completions, ${options.connections} keep-alive connections, ${options.rounds} interleaved rounds of ${options.roundMs} ms:`,
    '',
    '| server | median req/s | rounds (req/s) |',
    '| --- | ---: | --- |',
    `| mock backend | ${fixed(median(throughput.mockRps), 0)} | ${throughput.mockRps.map((rps) => fixed(rps, 0)).join(', ')} |`,
    `| bare node:http, same bytes | ${fixed(median(throughput.bareRps), 0)} | ${throughput.bareRps.map((rps) => fixed(rps, 0)).join(', ')} |`,
    '',
    `Mock / bare (median of per-round ratios): **${fixed(throughput.medianRatio * 100, 1)}%**`,
    '',
    `Latency model accuracy, configured TTFT ${options.ttftMs} ms and ITL ${options.itlMs} ms, ${options.streamTokens} tokens per stream, `
    + `${options.waves} waves (client-side, ms; delta = measured - configured):`,
    '',
    '| streams | TTFT p50 | TTFT p99 | delta p99 | ITL p50 | ITL p99 | delta p99 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...accuracy.map((row) => `| ${row.streams} | ${fixed(row.ttftP50)} | ${fixed(row.ttftP99)} | ${signed(row.ttftP99 - options.ttftMs)} `
      + `| ${fixed(row.itlP50)} | ${fixed(row.itlP99)} | ${signed(row.itlP99 - options.itlMs)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export const readmeStart = '<!-- bench:backend:start -->';
export const readmeEnd = '<!-- bench:backend:end -->';

/** `readme` with the text between the bench markers replaced by `table`; undefined when the markers are missing. */
export function replaceReadmeSection(readme: string, table: string): string | undefined {
  const start = readme.indexOf(readmeStart);
  const end = readme.indexOf(readmeEnd);
  if (start === -1 || end < start) return undefined;
  return `${readme.slice(0, start + readmeStart.length)}\n${table}${readme.slice(end)}`;
}
