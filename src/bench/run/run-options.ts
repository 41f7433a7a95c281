import { benchApis } from './api-shape.js';
import { arrivalKinds } from './load-generator.js';
import {
  booleanOption, choiceOption, integerOption, numberOption, stringOption, urlOption, type ConfigOf,
} from '../../config/index.js';
import { scenarioNames } from '../scenario/scenarios.js';

export const runUsage = 'llm-bench run [--url URL] [-n N] [-c C] [--prompts FILE] [-o FILE] [options]';
export const runSummary = 'Send prompts to an OpenAI-compatible server and write latency, throughput and error statistics to a JSON file.';

export const runSchema = {
  scenario: choiceOption({
    flag: 'scenario', description: 'Take the load (API, streaming, concurrency, requests, warm-up) from this gated scenario', choices: scenarioNames, default: undefined,
  }),
  short: booleanOption({ flag: 'short', description: "With --scenario: its short form (main's benchmark job)" }),
  url: urlOption({ flag: 'url', env: 'LLM_BENCH_URL', description: 'Base URL of the server under test', default: 'http://localhost:8000' }),
  numRequests: integerOption({
    flag: 'num-requests', short: 'n', description: 'Requests to send (default 100; unlimited with --duration)', default: undefined, min: 1,
  }),
  concurrency: integerOption({
    flag: 'concurrency', short: 'c', description: 'Connections (closed loop: requests in flight; open loop: the connection cap)', default: 1, min: 1, max: 10000,
  }),
  prompts: stringOption({ flag: 'prompts', description: 'JSONL file of {"prompt", "max_tokens"?, "temperature"?}', default: 'bench/prompts.jsonl' }),
  output: stringOption({ flag: 'output', short: 'o', description: 'Where to write the JSON result', default: 'bench/bench_results.json' }),
  timeout: numberOption({ flag: 'timeout', description: 'Per-request timeout in seconds', default: 30, min: 0.001 }),
  api: choiceOption({ flag: 'api', description: 'Endpoint: /v1/chat/completions, /v1/completions or /generate', choices: benchApis, default: 'chat' }),
  model: stringOption({ flag: 'model', env: 'LLM_BENCH_MODEL', description: 'Model name sent with chat and completions requests', default: 'mock-llm-v1' }),
  stream: booleanOption({ flag: 'stream', description: 'Stream responses and measure time to first token and inter-token latency' }),
  rate: numberOption({ flag: 'rate', description: 'Open loop: start this many requests per second on a schedule', default: undefined, min: 0.001 }),
  arrival: choiceOption({ flag: 'arrival', description: 'Open-loop schedule', choices: arrivalKinds, default: 'constant' }),
  duration: numberOption({ flag: 'duration', description: 'Stop starting requests after this many seconds', default: undefined, min: 0.001 }),
  warmup: integerOption({ flag: 'warmup', description: 'Requests sent first and left out of the results', default: 0, min: 0 }),
  apiKey: stringOption({ flag: 'api-key', env: 'LLM_BENCH_API_KEY', description: 'Bearer token sent to the server', default: undefined, secret: true }),
  seed: integerOption({ flag: 'seed', description: 'Seed of the Poisson schedule', default: 1, min: 0 }),
  targetMetrics: stringOption({
    flag: 'target-metrics',
    description: "Prometheus page whose process_cpu_seconds_total gives the target's CPU per request (default: the --url origin + /metrics; none: skip)",
    default: undefined,
  }),
  cpuWindowMs: integerOption({ flag: 'cpu-window-ms', description: "Read the target's CPU this often during the measured phase (ms)", default: 100, min: 10 }),
  markdown: stringOption({ flag: 'markdown', description: 'Also append a Markdown summary to this file (e.g. "$GITHUB_STEP_SUMMARY")', default: undefined }),
  json: booleanOption({ flag: 'json', description: 'Print the result JSON on stdout instead of the summary' }),
};

export type RunConfig = ConfigOf<typeof runSchema>;
