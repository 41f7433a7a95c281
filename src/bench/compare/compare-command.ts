import { appendFile } from 'node:fs/promises';
import { describeLoadMismatch } from './comparable-load.js';
import { compareSchema } from './compare-options.js';
import { formatTextTable, formatVerdictSection, summarizeVerdict } from './compare-report.js';
import {
  combineVerdicts, compareMetrics, defaultCompareRules, type CompareRules, type MetricComparison,
} from './compare-rules.js';
import { parseConfig, type ConfigOf } from '../../config/index.js';
import { BenchInputError } from '../bench-input-error.js';
import type { CommandIo } from '../command-io.js';
import { appendHistory, formatHistoryChart, type HistoryEntry } from '../result/history-file.js';
import { readJson, readTextIfExists, writeJsonAtomic } from '../result/json-file.js';
import { parseVersioned } from '../result/parse-file.js';
import { resultVersions, type BenchResult } from '../result/result-schema.js';
import { verdictSchemaVersion, type VerdictFile, type VerdictStatus } from '../result/verdict-schema.js';
import { isScenarioName, scenarios } from '../scenario/scenarios.js';

export type CompareConfig = ConfigOf<typeof compareSchema>;

/** Flags first, then the scenario's own limit, then the defaults. */
export function rulesOf(config: CompareConfig, scenario: string | null): CompareRules {
  const name = scenario?.split(':')[0] ?? '';
  const known = isScenarioName(name) ? scenarios[name] : undefined;
  const scenarioP50 = known?.failP50Pct;
  const failP50Pct = config.failP50Pct ?? scenarioP50;
  return {
    rule: config.rule,
    failP95: config.failP95Pct / 100,
    warnP95: config.warnP95Pct / 100,
    failP50: failP50Pct === undefined ? undefined : failP50Pct / 100,
    warnP50: config.warnP50Pct / 100,
    warnThroughput: config.warnThroughputPct / 100,
    failCpu: config.failCpuPct / 100,
    maxErrorRate: config.maxErrorRatePct / 100,
    confidence: config.confidence,
    resamples: config.resamples,
    seed: config.seed,
    minSamples: config.minSamples,
    blocks: config.blocks,
    reportedOnly: known === undefined ? defaultCompareRules.reportedOnly : new Set(known.reportedOnly),
  };
}

function buildVerdict(
  config: CompareConfig, scenario: string | null, metrics: MetricComparison[], status: VerdictStatus, summary: string,
): VerdictFile {
  const failed = status === 'fail' || (status === 'inconclusive' && config.failOnInconclusive);
  return {
    schema_version: verdictSchemaVersion,
    status,
    failed,
    baseline_eligible: !failed && status !== 'inconclusive',
    scenario,
    summary,
    failing_metrics: metrics.filter((row) => row.verdict === 'fail' || row.verdict === 'inconclusive').map((row) => row.metric),
    rule: config.rule,
    confidence: config.confidence,
    created_at: new Date().toISOString(),
    baseline_file: config.baseline,
    current_file: config.current,
    metrics,
  };
}

export async function readResult(file: string): Promise<BenchResult> {
  return parseVersioned(resultVersions, file, 'a bench result', await readJson(file));
}

/** Decides the verdict of `current` against `baseline`; refuses (BenchInputError, exit 2) runs of different loads. */
export function judgeResults(config: CompareConfig, baseline: BenchResult, current: BenchResult): VerdictFile {
  const mismatch = describeLoadMismatch(baseline.parameters, current.parameters);
  if (mismatch !== undefined) throw new BenchInputError(config.current, `not comparable with ${config.baseline}: ${mismatch}`);
  const scenario = current.parameters.scenario;
  const metrics = compareMetrics(baseline, current, rulesOf(config, scenario));
  const status = combineVerdicts(metrics.map((row) => row.verdict));
  const summary = summarizeVerdict(status, metrics);
  return buildVerdict(config, scenario, metrics, status, config.failOnInconclusive && status === 'inconclusive' ? `${summary} (inconclusive again after a rerun)` : summary);
}

/** Compares the files named in `config`; returns the verdict and the parsed current result without writing anything. */
export async function compareFiles(config: CompareConfig): Promise<{ verdict: VerdictFile; current: BenchResult }> {
  const current = await readResult(config.current);
  if (await readTextIfExists(config.baseline) === undefined) {
    if (!config.allowMissingBaseline) throw new BenchInputError(config.baseline, 'file not found (use --allow-missing-baseline to pass without one)');
    const summary = `SKIPPED: no baseline at ${config.baseline}, nothing to compare (--allow-missing-baseline)`;
    return { verdict: buildVerdict(config, current.parameters.scenario, [], 'skipped', summary), current };
  }
  return { verdict: judgeResults(config, await readResult(config.baseline), current), current };
}

function historyEntryOf(current: BenchResult, verdict: VerdictFile): HistoryEntry {
  return {
    timestamp: current.environment.timestamp,
    git_commit: current.environment.git_commit,
    scenario: verdict.scenario,
    status: verdict.status,
    metrics: Object.fromEntries(verdict.metrics.map((row) => [row.metric, row.current])),
  };
}

/** The metric charted in the step summary: the scenario's headline (TTFT when streaming). */
function chartedMetric(current: BenchResult): string {
  return current.parameters.stream ? 'ttft_p95' : 'p95_latency';
}

/**
 * `llm-bench compare`: exit 0 no regression, 1 regression (or inconclusive
 * with --fail-on-inconclusive), 2 bad input or results of different loads.
 * Writes GITHUB_OUTPUT `status`, `failed` and `baseline-eligible` so workflows route on this decision.
 */
export async function compareCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = parseConfig(compareSchema, { argv, env: io.env });
  const { verdict, current } = await compareFiles(config);
  if (config.json) await writeJsonAtomic(config.json, verdict);
  const runs = config.history ? await appendHistory(config.history, historyEntryOf(current, verdict), config.historyLimit) : undefined;
  const replaceBaseline = config.setBaseline && verdict.baseline_eligible;
  if (replaceBaseline) await writeJsonAtomic(config.baseline, current);
  const baselineNote = config.setBaseline ? `baseline ${replaceBaseline ? 'updated' : `kept (the verdict is ${verdict.status})`}: ${config.baseline}\n` : '';
  const table = verdict.metrics.length > 0 ? formatTextTable(verdict.metrics) : '';
  io.out(config.quiet ? `${verdict.summary}\n` : `${table}${table ? '\n' : ''}${verdict.summary}\n${baselineNote}`);
  if (io.env.GITHUB_STEP_SUMMARY) {
    const scenarioRuns = runs?.filter((run) => run.scenario === verdict.scenario) ?? [];
    const chart = scenarioRuns.length > 0 ? `\n${formatHistoryChart(scenarioRuns, chartedMetric(current))}` : '';
    await appendFile(io.env.GITHUB_STEP_SUMMARY, `${formatVerdictSection(verdict)}${chart}\n`);
  }
  if (io.env.GITHUB_OUTPUT) {
    await appendFile(io.env.GITHUB_OUTPUT, `status=${verdict.status}\nfailed=${verdict.failed}\nbaseline-eligible=${verdict.baseline_eligible}\n`);
  }
  return verdict.failed ? 1 : 0;
}
