import { Counter, Gauge, Registry } from 'prom-client';
import type { Backend, BackendPool, TryOutcome } from './backend-pool.js';
import type { BreakerState } from './circuit-breaker.js';
import { BucketHistogram, collectedCounter, registerProcessCpu, type HistogramSeries } from '../http/index.js';

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const breakerValues: Record<BreakerState, number> = { 'closed': 0, 'half-open': 1, 'open': 2 };

/**
 * The gateway's Prometheus metrics, in a registry of its own so a gateway and
 * its embedded backend (or several gateways in a test) never collide. What
 * every request updates is plain numbers, read when /metrics is scraped:
 * prom-client checks and hashes the label set on each update, and with the
 * access log that was the largest cost of the gateway's own code per request
 * (docs/benchmarks.md).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly duration = new BucketHistogram(
    'llm_gateway_request_duration_seconds', 'Time from request start to the last byte sent, by route', 'route', latencyBuckets, this.registry,
  );
  readonly timeToFirstByte = new BucketHistogram(
    'llm_gateway_time_to_first_byte_seconds',
    'Time from request start to the first response byte sent (the first token of a stream), by route',
    'route',
    latencyBuckets,
    this.registry,
  );
  readonly tries = new BucketHistogram('llm_gateway_upstream_tries', 'Backend tries a request took', 'route', [1, 2, 3, 4, 6, 11], this.registry);
  /** Requests being served now. */
  inFlight = 0;
  readonly streamErrors = new Counter({
    name: 'llm_gateway_stream_errors_total',
    help: 'Responses that failed after their first byte, by code (ended with an SSE error frame or a cut socket)',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private readonly breakerState = new Gauge({
    name: 'llm_gateway_breaker_state',
    help: 'Circuit breaker of each backend: 0 closed, 1 half-open, 2 open',
    labelNames: ['backend'],
    registers: [this.registry],
  });
  private readonly breakerTransitions = new Counter({
    name: 'llm_gateway_breaker_transitions_total',
    help: 'Circuit breaker state changes, by backend and new state',
    labelNames: ['backend', 'state'],
    registers: [this.registry],
  });
  private readonly discoveredBackends = new Gauge({
    name: 'llm_gateway_discovered_backends',
    help: 'Addresses the last DNS answer gave for each discovered backend name',
    labelNames: ['source'],
    registers: [this.registry],
  });
  private readonly discoveryFailures = new Counter({
    name: 'llm_gateway_discovery_failures_total',
    help: 'DNS resolutions of a discovered backend name that failed (its known addresses were kept)',
    labelNames: ['source'],
    registers: [this.registry],
  });
  private readonly routes = new Map<string, RouteMetrics>();
  private readonly tryCounts = new Map<Backend, Map<TryOutcome, number>>();

  constructor() {
    const { registry, routes, tryCounts } = this;
    collectedCounter(registry, 'llm_gateway_requests_total', 'Requests answered, by route and status (499: the client left first)',
      ['route', 'status'], function* requests() {
        for (const [route, metrics] of routes) for (const [status, count] of metrics.byStatus) yield [{ route, status: String(status) }, count];
      });
    collectedCounter(registry, 'llm_gateway_upstream_tries_total', 'Backend tries, by backend and outcome (success, failure, neutral)',
      ['backend', 'outcome'], function* tries() {
        for (const [backend, counts] of tryCounts) for (const [outcome, count] of counts) yield [{ backend: backend.label, outcome }, count];
      });
    collectedCounter(registry, 'llm_gateway_retries_total', 'Tries repeated on another backend after a failure, by route', ['route'],
      function* retries() {
        for (const [route, metrics] of routes) if (metrics.retries > 0) yield [{ route }, metrics.retries];
      });
    collectedCounter(registry, 'llm_gateway_requests_cancelled_total',
      'Requests the client abandoned before the end; their upstream work was aborted', ['route'], function* cancelled() {
        for (const [route, metrics] of routes) if (metrics.cancelled > 0) yield [{ route }, metrics.cancelled];
      });
    const metrics = this;
    new Gauge({
      name: 'llm_gateway_requests_in_flight',
      help: 'Requests being served now',
      registers: [registry],
      collect() {
        this.set(metrics.inFlight);
      },
    });
    registerProcessCpu(registry);
  }

  /**
   * Follows `pool`: each backend's outstanding tries are read from it at
   * scrape time (so the hot path updates nothing for them), and its backends'
   * breaker gauges start at closed. Once, right after the pool is made.
   */
  watchPool(pool: Pick<BackendPool, 'backends' | 'listAll'>): void {
    new Gauge({
      name: 'llm_gateway_backend_outstanding',
      help: 'Tries in progress on each backend (what the balancer minimises)',
      labelNames: ['backend'],
      registers: [this.registry],
      collect() {
        // Discovery removes backends: start from nothing so a drained one's series goes away.
        this.reset();
        for (const backend of pool.listAll()) this.set({ backend: backend.label }, backend.outstanding);
      },
    });
    this.addBackends(pool.backends);
  }

  /** Starts each backend's breaker gauge at closed, so it is visible before anything happens. */
  addBackends(backends: readonly Backend[]): void {
    for (const backend of backends) this.breakerState.set({ backend: backend.label }, 0);
  }

  /** Drops a drained backend's series, so addresses of pods long gone do not pile up. */
  removeBackend(backend: Backend): void {
    this.breakerState.remove({ backend: backend.label });
    for (const state of Object.keys(breakerValues)) this.breakerTransitions.remove({ backend: backend.label, state });
    this.tryCounts.delete(backend);
  }

  discoveryResolved(source: string, addresses: number): void {
    this.discoveredBackends.set({ source }, addresses);
  }

  discoveryFailed(source: string): void {
    this.discoveryFailures.inc({ source });
  }

  /** The per-route children, looked up once per route instead of hashing label sets on every request. */
  forRoute(route: string): RouteMetrics {
    let children = this.routes.get(route);
    if (children === undefined) {
      children = new RouteMetrics(this, route);
      this.routes.set(route, children);
    }
    return children;
  }

  countTry(backend: Backend, outcome: TryOutcome): void {
    let counts = this.tryCounts.get(backend);
    if (counts === undefined) {
      counts = new Map();
      this.tryCounts.set(backend, counts);
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }

  breakerChanged(backend: Backend, state: BreakerState): void {
    this.breakerState.set({ backend: backend.label }, breakerValues[state]);
    this.breakerTransitions.inc({ backend: backend.label, state });
  }

  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** One route's series and counts. */
export class RouteMetrics {
  readonly duration: HistogramSeries;
  readonly timeToFirstByte: HistogramSeries;
  readonly tries: HistogramSeries;
  retries = 0;
  cancelled = 0;
  /** Requests answered, by status. */
  readonly byStatus = new Map<number, number>();

  constructor(metrics: GatewayMetrics, route: string) {
    this.duration = metrics.duration.labels(route);
    this.timeToFirstByte = metrics.timeToFirstByte.labels(route);
    this.tries = metrics.tries.labels(route);
  }

  countStatus(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
}
