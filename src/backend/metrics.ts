import { Counter, Gauge, Registry } from 'prom-client';
import type { FinishReason } from './text-generator.js';
import { BucketHistogram, collectedCounter, registerProcessCpu, type HistogramSeries } from '../http/index.js';

/** vLLM's buckets, so dashboards built for vLLM read the mock the same way. */
const ttftBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const itlBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];
const e2eBuckets = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60];

/**
 * One model's live numbers, all plain numbers: counters and gauges are copied
 * into prom-client only when /metrics is scraped, and the histograms are our
 * own bucket series. prom-client hashes the label set on every update (a
 * label-bound child included), which costs more than the rest of a request's
 * bookkeeping, and the inter-token histogram is updated for every token.
 */
export class ModelMetrics {
  running = 0;
  promptTokens = 0;
  generationTokens = 0;
  cancelled = 0;
  readonly finished: Record<FinishReason, number> = { stop: 0, length: 0 };

  constructor(
    readonly ttft: HistogramSeries,
    readonly itl: HistogramSeries,
    readonly e2e: HistogramSeries,
  ) {}
}

interface RequestTally {
  readonly labels: { method: string; route: string; status: string };
  count: number;
}

/**
 * The backend's Prometheus metrics, in a registry of its own so several
 * backends can run in one process (tests, the gateway's embedded upstream).
 * Names and meanings follow vLLM's where one exists (`vllm:*`, label
 * `model_name`); the rest are the mock's own.
 */
export class BackendMetrics {
  readonly registry = new Registry();
  private readonly requests = new Map<string, RequestTally>();
  private readonly models = new Map<string, ModelMetrics>();
  private readonly histograms = {
    ttft: new BucketHistogram(
      'vllm:time_to_first_token_seconds', 'Time from request start to the first token', 'model_name', ttftBuckets, this.registry,
    ),
    itl: new BucketHistogram(
      'vllm:inter_token_latency_seconds', 'Time between consecutive tokens sent in a stream', 'model_name', itlBuckets, this.registry,
    ),
    e2e: new BucketHistogram(
      'vllm:e2e_request_latency_seconds', 'Time from request start to the end of a finished answer', 'model_name', e2eBuckets, this.registry,
    ),
  };
  private readonly faults: Counter;

  constructor() {
    const { registry, requests, models } = this;
    collectedCounter(registry, 'http_requests_total', 'HTTP requests by method, matched route and status', ['method', 'route', 'status'],
      function* counts() {
        for (const tally of requests.values()) yield [tally.labels, tally.count];
      });
    this.modelCounter('vllm:prompt_tokens_total', 'Prompt tokens processed', (model) => model.promptTokens);
    this.modelCounter('vllm:generation_tokens_total', 'Tokens generated, including those of cancelled requests', (model) => model.generationTokens);
    this.modelCounter('mock_llm_requests_cancelled_total', 'Requests whose client disconnected before the answer was complete',
      (model) => model.cancelled);
    collectedCounter(registry, 'vllm:request_success_total', 'Requests that finished, by finish reason', ['model_name', 'finished_reason'],
      function* counts() {
        for (const [model_name, model] of models) {
          for (const [finished_reason, count] of Object.entries(model.finished)) yield [{ model_name, finished_reason }, count];
        }
      });
    new Gauge({
      name: 'vllm:num_requests_running',
      help: 'Requests generating tokens now',
      labelNames: ['model_name'],
      registers: [registry],
      collect() {
        for (const [model_name, model] of models) this.set({ model_name }, model.running);
      },
    });
    this.faults = new Counter({ name: 'mock_llm_faults_injected_total', help: 'Faults injected, by kind', labelNames: ['kind'], registers: [registry] });
    registerProcessCpu(registry);
  }

  private modelCounter(name: string, help: string, read: (model: ModelMetrics) => number): void {
    const models = this.models;
    collectedCounter(this.registry, name, help, ['model_name'], function* counts() {
      for (const [model_name, model] of models) yield [{ model_name }, read(model)];
    });
  }

  countRequest(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    const tally = this.requests.get(key);
    if (tally === undefined) this.requests.set(key, { labels: { method, route, status: String(status) }, count: 1 });
    else tally.count++;
  }

  countFault(kind: string): void {
    this.faults.inc({ kind });
  }

  forModel(model: string): ModelMetrics {
    let metrics = this.models.get(model);
    if (metrics === undefined) {
      const { ttft, itl, e2e } = this.histograms;
      metrics = new ModelMetrics(ttft.labels(model), itl.labels(model), e2e.labels(model));
      this.models.set(model, metrics);
    }
    return metrics;
  }

  /** The Prometheus text exposition and its content type. */
  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
