import { buildApiRequest } from './api-shape.js';
import { HttpSender } from './http-sender.js';
import { generateLoad, type LoadPlan, type LoadRun } from './load-generator.js';
import { loadPrompts } from './prompts.js';
import type { RunConfig } from './run-options.js';
import type { RunParameters } from '../result/result-schema.js';

const defaultRequests = 100;

/** A server under test with its requests built once and its keep-alive connections kept from one run to the next. */
export interface LoadTarget {
  readonly url: string;
  /** The load of one run, as a result records it. */
  readonly parameters: RunParameters;
  /** Closed-loop requests whose outcomes are dropped (connections opened, JIT warmed). */
  warmUp(requests: number): Promise<LoadRun>;
  /** One run of the configured load. */
  measure(onProgress?: (done: number) => void): Promise<LoadRun>;
  close(): Promise<void>;
}

/** Requests per run: `-n`, else unlimited with --duration, else 100. */
export function requestCountOf(config: RunConfig): number {
  return config.numRequests ?? (config.duration === undefined ? defaultRequests : Infinity);
}

/** Opens `url` with the load of `config` (its prompts, API, concurrency, schedule); nothing is sent yet. */
export async function openLoadTarget(config: RunConfig, url: string): Promise<LoadTarget> {
  const prompts = await loadPrompts(config.prompts);
  const requests = prompts.map((prompt) => buildApiRequest(config.api, prompt, config.model, config.stream));
  const sender = new HttpSender({
    baseUrl: url,
    api: config.api,
    stream: config.stream,
    timeoutMs: config.timeout * 1000,
    maxConnections: config.concurrency,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
  const send = (index: number, startedAt: number) => sender.send(requests[index % requests.length], startedAt);
  const count = requestCountOf(config);
  const plan: LoadPlan = {
    requests: count,
    concurrency: config.concurrency,
    arrival: config.arrival,
    seed: config.seed,
    ...(config.rate === undefined ? {} : { rate: config.rate }),
    ...(config.duration === undefined ? {} : { durationMs: config.duration * 1000 }),
  };
  return {
    url,
    parameters: {
      scenario: config.scenario === undefined ? null : `${config.scenario}${config.short ? ':short' : ''}`,
      url,
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
    },
    warmUp: (warmup) => generateLoad({ ...plan, requests: warmup, durationMs: undefined, rate: undefined }, send),
    measure: (onProgress) => generateLoad(plan, send, onProgress),
    close: () => sender.close(),
  };
}
