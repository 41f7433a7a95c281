/**
 * `npm run bench:changes` (a script, not a test; loopback only).
 *
 * Judges `llm-bench history` by measured rates. First it measures the
 * run-to-run noise of every gated metric on this machine: the compiled
 * gateway in front of the compiled mocks of each scenario (processes, as the
 * nightly runs containers), `llm-bench run --scenario NAME` `--runs` times,
 * the scenarios interleaved. Then, with that noise (Gaussian, the measured
 * coefficient of variation), synthetic histories of 60 nights go through the
 * same code as the CLI, with its defaults:
 * - a +10% step at night 30: is a change point found within 2 nights of it?
 * - a flat history: does a change point appear (a false alarm)?
 * - a +10% step 7 nights before the newest: does the gate FAIL (slow creep)?
 * - flat histories of every measured metric of both scenarios at once: does the gate FAIL?
 * Beside it, the simple alternative: FAIL when the mean of the newest 7 nights
 * is 5% worse than the mean of the 30 before. `--cv` skips the measurement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backendReadyLine, gatewayReadyLine, startChildServer, stopChildServers, type ChildServer } from './child-server.js';
import { findHistoryChanges, worseUpwards, type ChangeRules } from '../src/bench/changes/history-changes.js';
import { changeRulesOf } from '../src/bench/changes/history-command.js';
import { historyCommandSchema } from '../src/bench/changes/history-options.js';
import { buildHistoryVerdict } from '../src/bench/changes/history-report.js';
import { compareMetrics, defaultCompareRules } from '../src/bench/compare/compare-rules.js';
import type { MetricName } from '../src/bench/compare/metric-names.js';
import type { HistoryEntry } from '../src/bench/result/history-file.js';
import { applyScenario, runBenchmark } from '../src/bench/run/run-command.js';
import { runSchema } from '../src/bench/run/run-options.js';
import { scenarioNames, scenarios, type ScenarioName } from '../src/bench/scenario/scenarios.js';
import { integerOption, numberOption, parseConfig, runCli } from '../src/config/index.js';
import { createSeededGaussian } from '../src/random/seeded-random.js';

const detection = historyCommandSchema;
const schema = {
  cv: numberOption({ flag: 'cv', description: 'Run-to-run noise in percent (coefficient of variation); skips the measurement', default: undefined, min: 0, max: 100 }),
  runs: integerOption({ flag: 'runs', description: 'Real runs of each scenario to measure the noise', default: 12, min: 2, max: 200 }),
  overheadRequests: integerOption({ flag: 'overhead-requests', description: 'Requests per measured overhead run (default: the nightly load)', default: undefined, min: 10 }),
  trials: integerOption({ flag: 'trials', description: 'Synthetic histories of each kind', default: 200, min: 1, max: 100000 }),
  nights: integerOption({ flag: 'nights', description: 'Nights per synthetic history', default: 60, min: 20, max: 1000 }),
  stepPct: numberOption({ flag: 'step-pct', description: 'The injected step, in percent (worse)', default: 10, min: 0 }),
  newestStep: integerOption({ flag: 'newest-step', description: 'Nights the late step has lasted at the newest night', default: 7, min: 1 }),
  minSegment: integerOption({ flag: 'min-segment', description: detection.minSegment.description, default: detection.minSegment.defaultValue, min: 2, max: 100 }),
  significance: numberOption({ flag: 'significance', description: detection.significance.description, default: detection.significance.defaultValue, min: 0.0001, max: 0.5 }),
  permutations: integerOption({ flag: 'permutations', description: detection.permutations.description, default: detection.permutations.defaultValue, min: 19 }),
  newestNights: integerOption({ flag: 'newest-nights', description: detection.newestNights.description, default: detection.newestNights.defaultValue, min: 1 }),
};

type Options = ReturnType<typeof parseConfig<typeof schema>>;

/** One metric's run-to-run level and noise, measured or given. */
interface Noise {
  readonly scenario: string;
  readonly metric: MetricName;
  readonly mean: number;
  readonly cv: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

const root = new URL('../', import.meta.url).pathname;
const quietIo = { env: {}, out: () => undefined, err: () => undefined, errIsTTY: false };

async function startTopology(name: ScenarioName): Promise<ChildServer[]> {
  const { backend } = scenarios[name];
  const mocks = await Promise.all(Array.from({ length: backend.count }, () => startChildServer(join(root, 'lib/backend/cli.js'), { ...backend.env }, backendReadyLine)));
  const gatewayEnv = { BACKEND_URLS: mocks.map((mock) => mock.url).join(',') };
  return [await startChildServer(join(root, 'lib/gateway/cli.js'), gatewayEnv, gatewayReadyLine), ...mocks];
}

/** The values compare would record in the history for this run (the plain rule: no bootstrap needed). */
async function measureOnce(
  name: ScenarioName, url: string, scratch: string, requests: number | undefined,
): Promise<Partial<Record<MetricName, number>>> {
  const argv = ['--scenario', name, '--url', url, '--prompts', join(root, 'bench/prompts.jsonl'), '-o', join(scratch, `${name}.json`)];
  const config = applyScenario(parseConfig(runSchema, { argv, env: {} }));
  const sized = requests === undefined || name !== 'overhead'
    ? config
    : { ...config, numRequests: requests, warmup: Math.min(config.warmup, Math.ceil(requests / 10)) };
  const result = await runBenchmark(sized, quietIo);
  const rows = compareMetrics(result, result, { ...defaultCompareRules, rule: 'threshold' });
  return Object.fromEntries(rows.filter((row) => row.current !== null).map((row) => [row.metric, row.current]));
}

function summarize(scenario: string, metric: MetricName, values: readonly number[]): Noise {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  return { scenario, metric, mean, cv, min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

async function measureNoise(options: Options): Promise<Noise[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-changes-'));
  const topologies = new Map<ScenarioName, ChildServer[]>();
  const values = new Map<string, number[]>();
  const started = performance.now();
  try {
    for (const name of scenarioNames) topologies.set(name, await startTopology(name));
    // One unrecorded run each: JIT, sockets and the mocks' first answers.
    for (const [name, servers] of topologies) await measureOnce(name, servers[0]!.url, scratch, options.overheadRequests);
    for (let run = 0; run < options.runs; run++) {
      for (const [name, servers] of topologies) {
        for (const [metric, value] of Object.entries(await measureOnce(name, servers[0]!.url, scratch, options.overheadRequests))) {
          values.set(`${name}\t${metric}`, [...values.get(`${name}\t${metric}`) ?? [], value]);
        }
      }
      process.stderr.write(`run ${run + 1}/${options.runs} of each scenario after ${((performance.now() - started) / 1000).toFixed(0)} s, load average ${loadavg()[0]!.toFixed(2)}\n`);
    }
  } finally {
    for (const servers of topologies.values()) await stopChildServers(servers);
    rmSync(scratch, { recursive: true, force: true });
  }
  return [...values].map(([key, series]) => {
    const [scenario, metric] = key.split('\t') as [string, MetricName];
    return summarize(scenario, metric, series);
  });
}

/** Nights of every noise's metric: its mean times (1 + cv·z), times (1 ± step) from night `stepAt` on (worse). */
function syntheticHistory(noises: readonly Noise[], nights: number, seed: number, step = 0, stepAt = nights): HistoryEntry[] {
  const gaussian = createSeededGaussian(seed);
  const day = Date.UTC(2026, 0, 1);
  const byScenario = [...new Set(noises.map((noise) => noise.scenario))];
  return Array.from({ length: nights }, (_, night) => byScenario.map((scenario): HistoryEntry => {
    const metrics = Object.fromEntries(noises.filter((noise) => noise.scenario === scenario).map((noise) => {
      const stepped = night >= stepAt ? 1 + (worseUpwards(noise.metric) ? step : -step) : 1;
      return [noise.metric, Math.max(0, noise.mean * stepped * (1 + noise.cv * gaussian()))];
    }));
    return { timestamp: new Date(day + night * 86_400_000).toISOString(), git_commit: `night${night}`, scenario, status: 'pass', metrics, load: 'synthetic' };
  })).flat();
}

/**
 * The ceiling for placing a step: the split with the least squared error around the two means. It is told that
 * there is exactly one step and never tests whether there is one, so no detector can place steps better on this noise.
 */
function leastSquaresSplit(values: readonly number[]): number {
  const total = values.reduce((sum, value) => sum + value, 0);
  let before = 0;
  let best = { index: 1, score: -Infinity };
  for (let index = 1; index < values.length; index++) {
    before += values[index - 1]!;
    const score = before ** 2 / index + (total - before) ** 2 / (values.length - index);
    if (score > best.score) best = { index, score };
  }
  return best.index;
}

/** The simple alternative: the newest 7 nights' mean against the 30 nights before, FAIL past +5% (worse). */
function movingMeansFail(values: readonly number[], metric: MetricName): boolean {
  const mean = (part: readonly number[]) => part.reduce((sum, value) => sum + value, 0) / part.length;
  const ratio = mean(values.slice(-7)) / mean(values.slice(-37, -7));
  return worseUpwards(metric) ? ratio > 1.05 : ratio < 0.95;
}

interface Tally { readonly hits: number; readonly trials: number }

function count(trials: number, hit: (trial: number) => boolean): Tally {
  let hits = 0;
  for (let trial = 0; trial < trials; trial++) if (hit(trial)) hits++;
  return { hits, trials };
}

const share = ({ hits, trials }: Tally): string => `${hits}/${trials} (${(100 * hits / trials).toFixed(1)}%)`;

function seriesRows(noise: Noise, options: Options, rules: ChangeRules): string[] {
  const step = options.stepPct / 100;
  const middle = Math.floor(options.nights / 2);
  const late = options.nights - options.newestStep;
  const one = [noise];
  const changesOf = (runs: HistoryEntry[]) => findHistoryChanges(runs, rules)[0]!;
  const valuesOf = (runs: HistoryEntry[]) => runs.map((run) => run.metrics[noise.metric] ?? 0);
  const failed = (runs: HistoryEntry[]) => changesOf(runs).changePoints.some((point) => point.verdict === 'fail');
  const label = `${noise.scenario} ${noise.metric}, CV ${(noise.cv * 100).toFixed(1)}%`;
  const stepped = (trial: number) => syntheticHistory(one, options.nights, trial, step, middle);
  const found = count(options.trials, (trial) => changesOf(stepped(trial)).indices.some((index) => Math.abs(index - middle) <= 2));
  const placed = count(options.trials, (trial) => Math.abs(leastSquaresSplit(valuesOf(stepped(trial))) - middle) <= 2);
  const flat = (trial: number) => syntheticHistory(one, options.nights, 1_000_000 + trial);
  const lateStep = (trial: number) => syntheticHistory(one, options.nights, 2_000_000 + trial, step, late);
  return [
    `| ${label} | +${options.stepPct}% step at night ${middle}: found within 2 nights | ${share(found)} | ${share(placed)} (ceiling: least-squares split) |`,
    `| ${label} | flat: raises a change point | ${share(count(options.trials, (trial) => changesOf(flat(trial)).changePoints.length > 0))} | - |`,
    `| ${label} | flat: FAIL | ${share(count(options.trials, (trial) => failed(flat(trial))))}`
      + ` | ${share(count(options.trials, (trial) => movingMeansFail(valuesOf(flat(trial)), noise.metric)))} (newest 7 vs 30 before, 5%) |`,
    `| ${label} | +${options.stepPct}% step ${options.newestStep} nights before the newest: FAIL | ${share(count(options.trials, (trial) => failed(lateStep(trial))))}`
      + ` | ${share(count(options.trials, (trial) => movingMeansFail(valuesOf(lateStep(trial)), noise.metric)))} (newest 7 vs 30 before, 5%) |`,
  ];
}

function formatNoise(noises: readonly Noise[]): string {
  const lines = ['| scenario | metric | runs | mean | CV | range |', '| --- | --- | --- | --- | --- | --- |'];
  for (const noise of noises) {
    lines.push(`| ${noise.scenario} | ${noise.metric} | ${noise.runs} | ${noise.mean.toFixed(3)} | ${(noise.cv * 100).toFixed(1)}% | ${noise.min.toFixed(3)}-${noise.max.toFixed(3)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Each scenario's headline metric, the one its gate rests on across runs: the gateway's CPU per request for overhead, TTFT p95 for llm. */
function headlineNoises(noises: readonly Noise[]): Noise[] {
  return noises.filter((noise) => noise.metric === (noise.scenario === 'llm' ? 'ttft_p95' : 'target_cpu_per_request'));
}

await runCli('bench:changes', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  const rules = changeRulesOf(parseConfig(historyCommandSchema, {
    argv: ['--min-segment', String(options.minSegment), '--significance', String(options.significance),
      '--permutations', String(options.permutations), '--newest-nights', String(options.newestNights)],
    env: {},
  }));
  const loadBefore = loadavg();
  const started = performance.now();
  const noises = options.cv === undefined
    ? await measureNoise(options)
    : [{ scenario: 'overhead', metric: 'target_cpu_per_request' as const, mean: 1, cv: options.cv / 100, min: 1, max: 1, runs: 0 }];
  const measuredMin = ((performance.now() - started) / 60_000).toFixed(1);
  if (options.cv === undefined) process.stdout.write(`Run-to-run noise of ${options.runs} real runs per scenario:\n\n${formatNoise(noises)}\n`);
  const lines = [
    `| noise (Gaussian) | ${options.nights}-night history, ${options.trials} trials each | llm-bench history (E-Divisive) | simple alternative |`,
    '| --- | --- | --- | --- |',
    ...headlineNoises(noises).flatMap((noise) => seriesRows(noise, options, rules)),
  ];
  if (noises.length > 1) {
    const flatGate = (trial: number) => buildHistoryVerdict('synthetic', findHistoryChanges(syntheticHistory(noises, options.nights, 3_000_000 + trial), rules), rules, '').status;
    const statuses = Array.from({ length: options.trials }, (_, trial) => flatGate(trial));
    const tally = (status: string): Tally => ({ hits: statuses.filter((value) => value === status).length, trials: options.trials });
    lines.push(`| every measured metric (${noises.length} series) | flat: FAIL / WARN | ${share(tally('fail'))} / ${share(tally('warn'))} | - |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const flags = process.argv.slice(2).join(' ');
  process.stdout.write(`\nnpm run bench:changes${flags ? ` -- ${flags}` : ''}; detection: --min-segment ${options.minSegment} --significance ${options.significance}`
    + ` --permutations ${options.permutations} --newest-nights ${options.newestNights}; noise measured in ${measuredMin} min,`
    + ` ${((performance.now() - started) / 60_000).toFixed(1)} min in all; load average before ${loadBefore.map((value) => value.toFixed(2)).join('/')},`
    + ` after ${loadavg().map((value) => value.toFixed(2)).join('/')} on ${cpus().length} cores.\n`);
  return 0;
});
