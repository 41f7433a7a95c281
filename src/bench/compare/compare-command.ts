import { appendFile } from 'node:fs/promises';
import { describeLoadMismatch, loadKeyOf } from './comparable-load.js';
import { compareSchema, rulesOf } from './compare-options.js';
import { formatVerdictSection, formatVerdictText } from './compare-report.js';
import { compareMetrics } from './compare-rules.js';
import { buildVerdict, decideVerdict, formatVerdictOutputs, type VerdictSource } from './verdict-decision.js';
import { parseConfig, type ConfigOf } from '../../config/index.js';
import { BenchInputError } from '../bench-input-error.js';
import type { CommandIo } from '../command-io.js';
import { appendHistory, formatHistoryChart, type HistoryEntry } from '../result/history-file.js';
import { readJson, readTextIfExists, writeJsonAtomic } from '../result/json-file.js';
import { parseVersioned } from '../result/parse-file.js';
import { resultVersions, type BenchResult } from '../result/result-schema.js';
import type { VerdictFile } from '../result/verdict-schema.js';

export type CompareConfig = ConfigOf<typeof compareSchema>;

function sourceOf(config: CompareConfig): VerdictSource {
  return { method: 'compare', baseline: config.baseline, current: config.current, rounds: null };
}

export async function readResult(file: string): Promise<BenchResult> {
  return parseVersioned(resultVersions, file, 'a bench result', await readJson(file));
}

function skipped(config: CompareConfig, current: BenchResult, summary: string): VerdictFile {
  return buildVerdict(config, sourceOf(config), current.parameters.scenario, [], 'skipped', summary);
}

/**
 * Decides the verdict of `current` against `baseline`. Runs of different loads are refused (BenchInputError, exit 2)
 * unless `--replace-unlike-baseline` asks to skip them: a scenario whose load was redefined measures something else,
 * so its old baseline can only be replaced, never judged against.
 */
export function judgeResults(config: CompareConfig, baseline: BenchResult, current: BenchResult): VerdictFile {
  const mismatch = describeLoadMismatch(baseline.parameters, current.parameters);
  if (mismatch !== undefined) {
    if (!config.replaceUnlikeBaseline) throw new BenchInputError(config.current, `not comparable with ${config.baseline}: ${mismatch}`);
    return skipped(config, current, `SKIPPED: the baseline at ${config.baseline} used another load (${mismatch}), nothing to compare (--replace-unlike-baseline)`);
  }
  const scenario = current.parameters.scenario;
  return decideVerdict(config, sourceOf(config), scenario, compareMetrics(baseline, current, rulesOf(config, scenario, config)));
}

/** Compares the files named in `config`; returns the verdict and the parsed current result without writing anything. */
export async function compareFiles(config: CompareConfig): Promise<{ verdict: VerdictFile; current: BenchResult }> {
  const current = await readResult(config.current);
  if (await readTextIfExists(config.baseline) === undefined) {
    if (!config.allowMissingBaseline) throw new BenchInputError(config.baseline, 'file not found (use --allow-missing-baseline to pass without one)');
    return { verdict: skipped(config, current, `SKIPPED: no baseline at ${config.baseline}, nothing to compare (--allow-missing-baseline)`), current };
  }
  return { verdict: judgeResults(config, await readResult(config.baseline), current), current };
}

/** The history keeps runs by time, so a result whose time cannot be read (never one `run` wrote) cannot join it. */
function historyEntryOf(file: string, current: BenchResult, verdict: VerdictFile): HistoryEntry {
  const time = Date.parse(current.environment.timestamp);
  if (Number.isNaN(time)) throw new BenchInputError(file, `'environment.timestamp' is not a time (${current.environment.timestamp}): cannot add it to the history`);
  return {
    timestamp: new Date(time).toISOString(),
    git_commit: current.environment.git_commit,
    scenario: verdict.scenario,
    status: verdict.status,
    metrics: Object.fromEntries(verdict.metrics.map((row) => [row.metric, row.current])),
    load: loadKeyOf(current.parameters),
  };
}

/** Runs in compare's chart: the history keeps a year, which no chart in a step summary can show legibly. */
const chartedRuns = 30;

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
  const runs = config.history ? await appendHistory(config.history, historyEntryOf(config.current, current, verdict), config.historyDays) : undefined;
  const replaceBaseline = config.setBaseline && verdict.baseline_eligible;
  if (replaceBaseline) await writeJsonAtomic(config.baseline, current);
  const baselineNote = config.setBaseline ? `baseline ${replaceBaseline ? 'updated' : `kept (the verdict is ${verdict.status})`}: ${config.baseline}\n` : '';
  io.out(config.quiet ? `${verdict.summary}\n` : `${formatVerdictText(verdict)}${baselineNote}`);
  if (io.env.GITHUB_STEP_SUMMARY) {
    const scenarioRuns = runs?.filter((run) => run.scenario === verdict.scenario).slice(-chartedRuns) ?? [];
    const chart = scenarioRuns.length > 0 ? `\n${formatHistoryChart(scenarioRuns, chartedMetric(current))}` : '';
    await appendFile(io.env.GITHUB_STEP_SUMMARY, `${formatVerdictSection(verdict)}${chart}\n`);
  }
  if (io.env.GITHUB_OUTPUT) {
    await appendFile(io.env.GITHUB_OUTPUT, formatVerdictOutputs(verdict));
  }
  return verdict.failed ? 1 : 0;
}
