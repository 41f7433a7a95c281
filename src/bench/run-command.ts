import { buildApiRequest } from './api-shape.js';
import type { CommandIo } from './command-io.js';
import { HttpSender } from './http-sender.js';
import { writeJsonAtomic } from './json-file.js';
import { generateLoad, type LoadPlan } from './load-generator.js';
import { createProgressReporter } from './progress-reporter.js';
import { loadPrompts } from './prompts.js';
import { describeEnvironment } from './run-environment.js';
import { runSchema } from './run-options.js';
import { buildResult, type BenchResult } from './run-result.js';
import { formatRunSummary } from './run-summary.js';
import { parseConfig, UsageError, type ConfigOf } from '../config/index.js';

export type RunConfig = ConfigOf<typeof runSchema>;

const defaultRequests = 100;

function checkCombinations(config: RunConfig): void {
  if (config.stream && config.api === 'generate') throw new UsageError('--stream needs --api chat or completions (/generate does not stream)');
}

/** Runs the benchmark described by `config` and writes the result file; returns the result. */
export async function runBenchmark(config: RunConfig, io: CommandIo): Promise<BenchResult> {
  checkCombinations(config);
  const prompts = await loadPrompts(config.prompts);
  const requests = prompts.map((prompt) => buildApiRequest(config.api, prompt, config.model, config.stream));
  const sender = new HttpSender({
    baseUrl: config.url,
    api: config.api,
    stream: config.stream,
    timeoutMs: config.timeout * 1000,
    maxConnections: config.concurrency,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
  const send = (index: number, startedAt: number) => sender.send(requests[index % requests.length], startedAt);
  const count = config.numRequests ?? (config.duration === undefined ? defaultRequests : Infinity);
  const plan: LoadPlan = {
    requests: count,
    concurrency: config.concurrency,
    arrival: config.arrival,
    seed: config.seed,
    ...(config.rate === undefined ? {} : { rate: config.rate }),
    ...(config.duration === undefined ? {} : { durationMs: config.duration * 1000 }),
  };
  try {
    if (config.warmup > 0) await generateLoad({ ...plan, requests: config.warmup, durationMs: undefined, rate: undefined }, send);
    const progress = createProgressReporter({
      ...(Number.isFinite(count) ? { total: count } : {}),
      isTTY: io.errIsTTY,
      write: io.err,
    });
    const run = await generateLoad(plan, send, (done) => progress.update(done));
    progress.finish(run.outcomes.length);
    const result = buildResult(run, {
      url: config.url,
      api: config.api,
      model: config.model,
      stream: config.stream,
      num_requests: Number.isFinite(count) ? count : null,
      concurrency: config.concurrency,
      rate: config.rate ?? null,
      arrival: config.arrival,
      duration_s: config.duration ?? null,
      warmup: config.warmup,
      timeout_s: config.timeout,
      prompts_file: config.prompts,
      prompt_count: prompts.length,
    }, await describeEnvironment());
    await writeJsonAtomic(config.output, result);
    return result;
  } finally {
    await sender.close();
  }
}

/** `llm-bench run`: exit 0 when the run completed, whatever the server answered. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = parseConfig(runSchema, { argv, env: io.env });
  const result = await runBenchmark(config, io);
  io.out(config.json ? `${JSON.stringify(result, null, 2)}\n` : formatRunSummary(result, config.output));
  return 0;
}
