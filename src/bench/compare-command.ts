import { appendFile } from 'node:fs/promises';
import { BenchInputError } from './bench-input-error.js';
import type { CommandIo } from './command-io.js';
import { compareSchema } from './compare-options.js';
import { formatMarkdownTable, formatTextTable, summarizeVerdict } from './compare-report.js';
import { combineVerdicts, compareMetrics, type CompareRules, type MetricComparison } from './compare-rules.js';
import { appendHistory, formatHistoryChart } from './history-file.js';
import { readJson, readTextIfExists, writeFileAtomic, writeJsonAtomic } from './json-file.js';
import { parseComparableResult } from './run-result.js';
import type { VerdictFile, VerdictStatus } from './verdict-file.js';
import { parseConfig, type ConfigOf } from '../config/index.js';

type CompareConfig = ConfigOf<typeof compareSchema>;

function rulesOf(config: CompareConfig): CompareRules {
  return {
    rule: config.rule,
    failP95: config.failP95Pct / 100,
    warnP95: config.warnP95Pct / 100,
    warnP50: config.warnP50Pct / 100,
    warnThroughput: config.warnThroughputPct / 100,
    maxErrorRate: config.maxErrorRatePct / 100,
    confidence: config.confidence,
    resamples: config.resamples,
    seed: config.seed,
    minSamples: config.minSamples,
  };
}

function buildVerdict(config: CompareConfig, metrics: MetricComparison[], status: VerdictStatus, summary: string): VerdictFile {
  return {
    schema_version: 1,
    status,
    failed: status === 'fail' || (status === 'inconclusive' && config.failOnInconclusive),
    summary,
    failing_metrics: metrics.filter((row) => row.verdict === 'fail' || row.verdict === 'inconclusive').map((row) => row.metric),
    rule: config.rule,
    confidence: config.confidence,
    created_at: new Date().toISOString(),
    baseline_file: config.baseline,
    current_file: config.current,
    metrics,
    table_markdown: metrics.length > 0 ? formatMarkdownTable(metrics) : '',
  };
}

/** Compares the files named in `config`; returns the verdict without writing anything. */
export async function compareFiles(config: CompareConfig): Promise<{ verdict: VerdictFile; currentText: string }> {
  const currentValue = await readJson(config.current);
  const current = parseComparableResult(config.current, currentValue);
  const currentText = `${JSON.stringify(currentValue, null, 2)}\n`;
  const baselineText = await readTextIfExists(config.baseline);
  if (baselineText === undefined) {
    if (!config.allowMissingBaseline) throw new BenchInputError(config.baseline, 'file not found (use --allow-missing-baseline to pass without one)');
    const summary = `SKIPPED: no baseline at ${config.baseline}, nothing to compare (--allow-missing-baseline)`;
    return { verdict: buildVerdict(config, [], 'skipped', summary), currentText };
  }
  const baseline = parseComparableResult(config.baseline, await readJson(config.baseline));
  const metrics = compareMetrics(baseline, current, rulesOf(config));
  const status = combineVerdicts(metrics.map((row) => row.verdict));
  return { verdict: buildVerdict(config, metrics, status, summarizeVerdict(status, metrics)), currentText };
}

function historyEntryOf(currentText: string, verdict: VerdictFile) {
  const current = JSON.parse(currentText) as {
    environment?: { timestamp?: string; git_commit?: string | null };
    latency_stats: { p50_ms: number; p95_ms: number; p99_ms: number } | null;
    throughput_rps: number;
    error_rate: number;
  };
  return {
    timestamp: current.environment?.timestamp ?? verdict.created_at,
    git_commit: current.environment?.git_commit ?? null,
    p50_ms: current.latency_stats?.p50_ms ?? null,
    p95_ms: current.latency_stats?.p95_ms ?? null,
    p99_ms: current.latency_stats?.p99_ms ?? null,
    throughput_rps: current.throughput_rps,
    error_rate: current.error_rate,
    status: verdict.status,
  };
}

/** `llm-bench compare`: exit 0 no regression, 1 regression (or inconclusive with --fail-on-inconclusive). */
export async function compareCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = parseConfig(compareSchema, { argv, env: io.env });
  const { verdict, currentText } = await compareFiles(config);
  if (config.json) await writeJsonAtomic(config.json, verdict);
  const runs = config.history ? await appendHistory(config.history, historyEntryOf(currentText, verdict), config.historyLimit) : undefined;
  const replaceBaseline = config.setBaseline && !verdict.failed;
  if (replaceBaseline) await writeFileAtomic(config.baseline, currentText);
  const baselineNote = config.setBaseline ? `baseline ${replaceBaseline ? 'updated' : 'kept (the verdict failed)'}: ${config.baseline}\n` : '';
  const table = verdict.metrics.length > 0 ? formatTextTable(verdict.metrics) : '';
  io.out(config.quiet ? `${verdict.summary}\n` : `${table}${table ? '\n' : ''}${verdict.summary}\n${baselineNote}`);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const chart = runs && runs.length > 0 ? `\n${formatHistoryChart(runs)}` : '';
    await appendFile(summaryFile, `## Benchmark: ${verdict.status.toUpperCase()}\n\n${verdict.summary}\n\n${verdict.table_markdown}${chart}\n`);
  }
  return verdict.failed ? 1 : 0;
}
