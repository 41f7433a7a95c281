import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
import { UpstreamClient } from './upstream-client.js';

/** One upstream server, as the balancer sees it. */
export class Backend {
  /** Tries in progress on this backend. */
  outstanding = 0;
  readonly breaker: CircuitBreaker;
  readonly url: URL;
  /** The base URL without credentials, safe for logs, metrics and /readyz. */
  readonly label: string;
  readonly client: UpstreamClient;
  /** Model ids from the backend's last `/v1/models` answer; undefined until it gave one. */
  models: ReadonlySet<string> | undefined;

  constructor(baseUrl: string, breaker: BreakerOptions, onBreakerChange: (backend: Backend, state: BreakerState) => void) {
    this.url = new URL(baseUrl);
    this.label = `${this.url.protocol}//${this.url.host}${this.url.pathname.replace(/\/+$/, '')}`;
    this.breaker = new CircuitBreaker(breaker, (state) => onBreakerChange(this, state));
    this.client = new UpstreamClient(this.url);
  }

  /** Ends a try taken with {@link BackendPool.acquire}: `neutral` when it proved nothing (client gone, 4xx). */
  endTry(outcome: TryOutcome, now: number): void {
    this.outstanding -= 1;
    if (outcome === 'success') this.breaker.recordSuccess();
    else if (outcome === 'failure') this.breaker.recordFailure(now);
    else this.breaker.release();
  }
}

export type TryOutcome = 'success' | 'failure' | 'neutral';

/**
 * The backends and the choice among them: least outstanding tries first, ties
 * broken round robin, backends whose breaker is open skipped, and backends
 * this request already tried used only when no other is left.
 */
export class BackendPool {
  readonly backends: readonly Backend[];
  private cursor = 0;

  constructor(urls: readonly string[], breaker: BreakerOptions, onBreakerChange: (backend: Backend, state: BreakerState) => void = () => {}) {
    this.backends = urls.map((url) => new Backend(url, breaker, onBreakerChange));
  }

  /**
   * Picks a backend and takes its breaker slot; undefined when every breaker
   * is open. Backends known to serve `model` come first; when none does, any
   * backend may answer (and say the model does not exist).
   */
  acquire(tried: ReadonlySet<Backend> | undefined, now: number, model?: string): Backend | undefined {
    const chosen = this.pick(tried, now, model)
      ?? (tried === undefined ? undefined : this.pick(undefined, now, model))
      ?? (model === undefined ? undefined : this.pick(tried, now, undefined) ?? this.pick(undefined, now, undefined));
    if (chosen === undefined || !chosen.breaker.tryAcquire(now)) return undefined;
    chosen.outstanding += 1;
    return chosen;
  }

  /** Closes every backend's idle keep-alive sockets. */
  close(): void {
    for (const backend of this.backends) backend.client.close();
  }

  /** Whether any backend can take a request now. */
  isUsable(now: number): boolean {
    return this.backends.some((backend) => backend.breaker.isAvailable(now));
  }

  private pick(tried: ReadonlySet<Backend> | undefined, now: number, model: string | undefined): Backend | undefined {
    const { backends } = this;
    const count = backends.length;
    let best: Backend | undefined;
    let bestIndex = 0;
    for (let step = 0; step < count; step += 1) {
      const index = (this.cursor + step) % count;
      const backend = backends[index]!;
      if (tried?.has(backend) || !backend.breaker.isAvailable(now)) continue;
      if (model !== undefined && backend.models?.has(model) === false) continue;
      if (best === undefined || backend.outstanding < best.outstanding) {
        best = backend;
        bestIndex = index;
      }
    }
    if (best !== undefined) this.cursor = (bestIndex + 1) % count;
    return best;
  }
}
