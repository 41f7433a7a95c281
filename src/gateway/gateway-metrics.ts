import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Backend } from './backend-pool.js';
import type { BreakerState } from './circuit-breaker.js';

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
  constructor(listBackends: () => readonly Backend[]) {
    // Read from the pool's live counts at scrape time, so the hot path updates nothing for it.
    new Gauge({
      name: 'llm_gateway_backend_outstanding',
      help: 'Tries in progress on each backend (what the balancer minimises)',
      labelNames: ['backend'],
      registers: [this.registry],
      collect() {
        for (const backend of listBackends()) this.set({ backend: backend.label }, backend.outstanding);
      },
    });
  }

  /** Starts each backend's breaker gauge at closed, so it is visible before anything happens. */
  addBackends(backends: readonly Backend[]): void {
    for (const backend of backends) this.breakerState.set({ backend: backend.label }, 0);
  }

  breakerChanged(backend: Backend, state: BreakerState): void {
    this.breakerState.set({ backend: backend.label }, breakerValues[state]);
    this.breakerTransitions.inc({ backend: backend.label, state });
  }

  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
