import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Backend, BackendPool, TryOutcome } from './backend-pool.js';
import type { BreakerState } from './circuit-breaker.js';
import { registerProcessCpu } from '../http/index.js';

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const breakerValues: Record<BreakerState, number> = { 'closed': 0, 'half-open': 1, 'open': 2 };

/**
 * The gateway's Prometheus metrics, in a registry of its own so a gateway and
 * its embedded backend (or several gateways in a test) never collide.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'llm_gateway_requests_total',
    help: 'Requests answered, by route and status (499: the client left first)',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'llm_gateway_request_duration_seconds',
    help: 'Time from request start to the last byte sent, by route',
    labelNames: ['route'],
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly timeToFirstByte = new Histogram({
    name: 'llm_gateway_time_to_first_byte_seconds',
    help: 'Time from request start to the first response byte sent (the first token of a stream), by route',
    labelNames: ['route'],
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly tries = new Histogram({
    name: 'llm_gateway_upstream_tries',
    help: 'Backend tries a request took',
    labelNames: ['route'],
    buckets: [1, 2, 3, 4, 6, 11],
    registers: [this.registry],
  });
  readonly tryOutcomes = new Counter({
    name: 'llm_gateway_upstream_tries_total',
    help: 'Backend tries, by backend and outcome (success, failure, neutral)',
    labelNames: ['backend', 'outcome'],
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'llm_gateway_retries_total',
    help: 'Tries repeated on another backend after a failure, by route',
    labelNames: ['route'],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'llm_gateway_requests_in_flight', help: 'Requests being served now', registers: [this.registry],
  });
  readonly cancelled = new Counter({
    name: 'llm_gateway_requests_cancelled_total',
    help: 'Requests the client abandoned before the end; their upstream work was aborted',
    labelNames: ['route'],
    registers: [this.registry],
  });
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
  private readonly tryCounters = new Map<Backend, Map<TryOutcome, Counter.Internal>>();

  constructor() {
    registerProcessCpu(this.registry);
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
    for (const outcome of this.tryCounters.get(backend)?.keys() ?? []) this.tryOutcomes.remove({ backend: backend.label, outcome });
    this.tryCounters.delete(backend);
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
    let counters = this.tryCounters.get(backend);
    if (counters === undefined) {
      counters = new Map();
      this.tryCounters.set(backend, counters);
    }
    let counter = counters.get(outcome);
    if (counter === undefined) {
      counter = this.tryOutcomes.labels(backend.label, outcome);
      counters.set(outcome, counter);
    }
    counter.inc();
  }

  breakerChanged(backend: Backend, state: BreakerState): void {
    this.breakerState.set({ backend: backend.label }, breakerValues[state]);
    this.breakerTransitions.inc({ backend: backend.label, state });
  }

  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** One route's metric children. */
export class RouteMetrics {
  readonly duration: Histogram.Internal<string>;
  readonly timeToFirstByte: Histogram.Internal<string>;
  readonly tries: Histogram.Internal<string>;
  readonly retries: Counter.Internal;
  readonly cancelled: Counter.Internal;
  private readonly byStatus = new Map<number, Counter.Internal>();

  constructor(private readonly metrics: GatewayMetrics, private readonly route: string) {
    this.duration = metrics.duration.labels(route);
    this.timeToFirstByte = metrics.timeToFirstByte.labels(route);
    this.tries = metrics.tries.labels(route);
    this.retries = metrics.retries.labels(route);
    this.cancelled = metrics.cancelled.labels(route);
  }

  countStatus(status: number): void {
    let counter = this.byStatus.get(status);
    if (counter === undefined) {
      counter = this.metrics.requests.labels(this.route, String(status));
      this.byStatus.set(status, counter);
    }
    counter.inc();
  }
}
