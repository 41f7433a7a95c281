import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** vLLM's buckets, so dashboards built for vLLM read the mock the same way. */
const ttftBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const itlBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];
const e2eBuckets = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60];

/** Per-model children, looked up once per request instead of hashing label sets per token. */
export interface ModelMetrics {
  readonly running: Gauge.Internal<string>;
  readonly promptTokens: Counter.Internal;
  readonly generationTokens: Counter.Internal;
  readonly ttft: Histogram.Internal<string>;
  readonly itl: Histogram.Internal<string>;
  readonly e2e: Histogram.Internal<string>;
  readonly cancelled: Counter.Internal;
  finished(reason: string): void;
}

/**
 * The backend's Prometheus metrics, in a registry of its own so several
 * backends can run in one process (tests, the gateway's embedded upstream).
 * Names and meanings follow vLLM's where one exists (`vllm:*`, label
 * `model_name`); the rest are the mock's own.
 */
export class BackendMetrics {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, matched route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly running = new Gauge({
    name: 'vllm:num_requests_running',
    help: 'Requests generating tokens now',
    labelNames: ['model_name'],
    registers: [this.registry],
  });
  private readonly promptTokens = new Counter({
    name: 'vllm:prompt_tokens_total', help: 'Prompt tokens processed', labelNames: ['model_name'], registers: [this.registry],
  });
  private readonly generationTokens = new Counter({
    name: 'vllm:generation_tokens_total',
    help: 'Tokens generated (sent), including those of cancelled requests',
    labelNames: ['model_name'],
    registers: [this.registry],
  });
  private readonly success = new Counter({
    name: 'vllm:request_success_total',
    help: 'Requests that finished, by finish reason',
    labelNames: ['model_name', 'finished_reason'],
    registers: [this.registry],
  });
  private readonly ttft = new Histogram({
    name: 'vllm:time_to_first_token_seconds',
    help: 'Time from request start to the first token sent',
    labelNames: ['model_name'],
    buckets: ttftBuckets,
    registers: [this.registry],
  });
  private readonly itl = new Histogram({
    name: 'vllm:inter_token_latency_seconds',
    help: 'Time between consecutive tokens sent in a stream',
    labelNames: ['model_name'],
    buckets: itlBuckets,
    registers: [this.registry],
  });
  private readonly e2e = new Histogram({
    name: 'vllm:e2e_request_latency_seconds',
    help: 'Time from request start to the last byte of a finished answer',
    labelNames: ['model_name'],
    buckets: e2eBuckets,
    registers: [this.registry],
  });
  private readonly cancelled = new Counter({
    name: 'mock_llm_requests_cancelled_total',
    help: 'Requests whose client disconnected before the answer was complete',
    labelNames: ['model_name'],
    registers: [this.registry],
  });
  private readonly faults = new Counter({
    name: 'mock_llm_faults_injected_total', help: 'Faults injected, by kind', labelNames: ['kind'], registers: [this.registry],
  });
  private readonly httpChildren = new Map<string, Counter.Internal>();
  private readonly modelChildren = new Map<string, ModelMetrics>();

  countRequest(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    let child = this.httpChildren.get(key);
    if (child === undefined) {
      child = this.httpRequests.labels(method, route, String(status));
      this.httpChildren.set(key, child);
    }
    child.inc();
  }

  countFault(kind: string): void {
    this.faults.labels(kind).inc();
  }

  forModel(model: string): ModelMetrics {
    let children = this.modelChildren.get(model);
    if (children === undefined) {
      const success = this.success;
      children = {
        running: this.running.labels(model),
        promptTokens: this.promptTokens.labels(model),
        generationTokens: this.generationTokens.labels(model),
        ttft: this.ttft.labels(model),
        itl: this.itl.labels(model),
        e2e: this.e2e.labels(model),
        cancelled: this.cancelled.labels(model),
        finished: (reason) => success.labels(model, reason).inc(),
      };
      this.modelChildren.set(model, children);
    }
    return children;
  }

  /** The Prometheus text exposition and its content type. */
  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
