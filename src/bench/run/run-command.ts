import { appendFile } from 'node:fs/promises';
import type { CommandIo } from '../command-io.js';
import { cpuProblemLine, cpuReadingFor, measureWithCpu, metricsPageOf } from './cpu-measured-run.js';
import { openLoadTarget, requestCountOf } from './load-target.js';
import { createProgressReporter } from './progress-reporter.js';
import { describeEnvironment } from './run-environment.js';
import { runSchema, type RunConfig } from './run-options.js';
import { formatRunMarkdown, formatRunSummary } from './run-summary.js';
import { parseConfig, UsageError } from '../../config/index.js';
import { writeJsonAtomic } from '../result/json-file.js';
import type { BenchResult } from '../result/result-schema.js';
import { buildResult } from '../result/run-result.js';
import { scenarios } from '../scenario/scenarios.js';

export type { RunConfig } from './run-options.js';

const scenarioSetsFlags = ['numRequests', 'concurrency', 'api', 'stream', 'warmup', 'rate', 'duration'] as const;

export function checkCombinations(config: RunConfig): void {
  if (config.stream && config.api === 'generate') throw new UsageError('--stream needs --api chat or completions (/generate does not stream)');
}

/** A scenario sets the whole load, so a result names it and compare can refuse unlike loads; load flags beside it are refused. */
export function applyScenario(config: RunConfig): RunConfig {
  if (config.short && config.scenario === undefined) throw new UsageError('--short needs --scenario');
  if (config.scenario === undefined) return config;
  const clashing = scenarioSetsFlags.filter((key) => config[key] !== runSchema[key].defaultValue);
  if (clashing.length > 0) throw new UsageError(`--scenario ${config.scenario} sets the load: drop ${clashing.map((key) => `--${runSchema[key].flag}`).join(', ')}`);
  const { load } = scenarios[config.scenario];
  return {
    ...config,
    api: load.api,
    stream: load.stream,
    concurrency: load.concurrency,
    rate: load.rate,
    numRequests: config.short ? load.shortRequests : load.requests,
    warmup: config.short ? Math.min(load.warmup, load.shortRequests) : load.warmup,
  };
}

/** The /metrics page to read the target's CPU from, or undefined with `--target-metrics none`. */
export function targetMetricsUrl(config: RunConfig): string | undefined {
  if (config.targetMetrics === 'none') return undefined;
  if (config.targetMetrics === undefined) return metricsPageOf(config.url);
  const url = URL.canParse(config.targetMetrics) ? new URL(config.targetMetrics) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new UsageError(`--target-metrics must be an http(s) URL or none (got '${config.targetMetrics}')`);
  return url.href;
}

/** Runs the benchmark described by `config` and writes the result file; returns the result. */
export async function runBenchmark(config: RunConfig, io: CommandIo): Promise<BenchResult> {
  checkCombinations(config);
  const metricsUrl = targetMetricsUrl(config);
  const target = await openLoadTarget(config, config.url);
  try {
    if (config.warmup > 0) await target.warmUp(config.warmup);
    const count = requestCountOf(config);
    const progress = createProgressReporter({
      ...(Number.isFinite(count) ? { total: count } : {}),
      isTTY: io.errIsTTY,
      write: io.err,
    });
    const cpu = metricsUrl === undefined ? undefined : cpuReadingFor(config, metricsUrl, (problem) => io.err(cpuProblemLine(metricsUrl, problem)));
    const { run, targetCpu } = await measureWithCpu(target, cpu, (done) => progress.update(done));
    progress.finish(run.outcomes.length);
    const result = buildResult(run, target.parameters, await describeEnvironment(), targetCpu);
    await writeJsonAtomic(config.output, result);
    return result;
  } finally {
    await target.close();
  }
}

/** `llm-bench run`: exit 0 when the run completed, whatever the server answered. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = applyScenario(parseConfig(runSchema, { argv, env: io.env }));
  const result = await runBenchmark(config, io);
  if (config.markdown !== undefined) await appendFile(config.markdown, formatRunMarkdown(result));
  io.out(config.json ? `${JSON.stringify(result, null, 2)}\n` : formatRunSummary(result, config.output));
  return 0;
}
