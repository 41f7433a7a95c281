import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
import { UpstreamClient, type UpstreamClientOptions } from './upstream-client.js';

/** A request's try in progress on a backend, as the backend's breaker sees it. */
export interface TryInProgress {
  /** Whether the client got the first byte of the answer: from then on the try can no longer fail over. */
  readonly firstByteSent: boolean;
  /** Ends the try at once so that its request fails over; does nothing once the client got a byte. */
  release(reason: Error): void;
}

/** Why a try was ended early: its backend's breaker opened while it waited. */
export class BackendDownError extends Error {
  constructor() {
    super('the backend was judged down while the try waited (its circuit breaker opened)');
    this.name = 'BackendDownError';
  }
}

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
  /** The requests' tries in progress that said so ({@link track}), to release them when the breaker opens. */
  private readonly tries = new Set<TryInProgress>();
  /** Set once the backend left the pool: called when its last try ends. */
  private onDrained: (() => void) | undefined;
  private drained: Promise<void> | undefined;

  constructor(
    baseUrl: string,
    breaker: BreakerOptions,
    onBreakerChange: (backend: Backend, state: BreakerState) => void,
    /** The discovered name this address came from (see backend-discovery.ts); undefined for a fixed URL. */
    readonly source?: string,
    client: UpstreamClientOptions = {},
  ) {
    this.url = new URL(baseUrl);
    this.label = labelOf(this.url);
    this.breaker = new CircuitBreaker(breaker, (state) => {
      onBreakerChange(this, state);
      if (state === 'open') this.releaseWaitingTries();
    });
    this.client = new UpstreamClient(this.url, client);
  }

  /** The try taken with {@link BackendPool.acquire} is `running`: released if the breaker opens before the client got a byte. */
  track(running: TryInProgress): void {
    this.tries.add(running);
  }

  /**
   * Ends a try taken with {@link BackendPool.acquire}: `neutral` when it proved nothing (client gone, 4xx);
   * `running` as given to {@link track}.
   */
  endTry(outcome: TryOutcome, now: number, running?: TryInProgress): void {
    if (running !== undefined) this.tries.delete(running);
    this.outstanding -= 1;
    if (outcome === 'success') this.breaker.recordSuccess();
    else if (outcome === 'failure') this.breaker.recordFailure(now);
    else this.breaker.release();
    this.closeIfDrained();
  }

  /** Whether a try is waiting on this backend with nothing sent to its client yet. */
  hasWaitingTry(): boolean {
    for (const running of this.tries) if (!running.firstByteSent) return true;
    return false;
  }

  /** The backend is judged down: the tries that sent nothing to their client fail over now instead of waiting on it. */
  private releaseWaitingTries(): void {
    if (this.tries.size === 0) return;
    const reason = new BackendDownError();
    for (const running of [...this.tries]) running.release(reason);
  }

  /** Resolves once the tries in progress have ended; then its idle sockets are closed. */
  drain(): Promise<void> {
    this.drained ??= new Promise((resolve) => {
      this.onDrained = resolve;
      this.closeIfDrained();
    });
    return this.drained;
  }

  private closeIfDrained(): void {
    if (this.onDrained === undefined || this.outstanding > 0) return;
    this.client.close();
    this.onDrained();
    this.onDrained = undefined;
  }
}

/** A base URL without credentials or trailing slash, safe for logs, metrics and /readyz. */
export function labelOf(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export type TryOutcome = 'success' | 'failure' | 'neutral';

export interface SourceChange {
  readonly added: readonly Backend[];
  readonly removed: readonly Backend[];
  /** Settles when every removed backend's tries in progress have ended. */
  readonly drained: Promise<void>;
}

/**
 * The backends and the choice among them: least outstanding tries first, ties
 * broken round robin, backends whose breaker is open skipped, and backends
 * this request already tried used only when no other is left.
 */
export class BackendPool {
  /**
   * The backends taking new tries. Discovery changes this array in place, so
   * whoever holds it (the health prober, the metrics) sees the current list.
   */
  readonly backends: readonly Backend[];
  private readonly live: Backend[];
  /** Removed backends whose tries in progress have not ended yet. */
  private readonly draining = new Set<Backend>();
  private cursor = 0;

  constructor(
    urls: readonly string[],
    private readonly breaker: BreakerOptions,
    private readonly onBreakerChange: (backend: Backend, state: BreakerState) => void = () => {},
    private readonly client: UpstreamClientOptions = {},
  ) {
    this.live = urls.map((url) => new Backend(url, breaker, onBreakerChange, undefined, client));
    this.backends = this.live;
  }

  /**
   * Makes the backends of `source` exactly `urls`: a backend is added for
   * each new URL, and those no longer listed leave the pool at once (no new
   * tries) while their tries in progress finish. `drained` settles when they have.
   */
  replaceSource(source: string, urls: readonly string[]): SourceChange {
    const wanted = new Set(urls.map((url) => new URL(url).href));
    const removed = this.live.filter((backend) => backend.source === source && !wanted.has(backend.url.href));
    const present = new Set(this.live.filter((backend) => backend.source === source).map((backend) => backend.url.href));
    const added = [...wanted].filter((url) => !present.has(url))
      .map((url) => new Backend(url, this.breaker, this.onBreakerChange, source, this.client));
    for (const backend of removed) {
      this.live.splice(this.live.indexOf(backend), 1);
      this.draining.add(backend);
    }
    this.live.push(...added);
    const drained = Promise.all(removed.map(async (backend) => {
      await backend.drain();
      this.draining.delete(backend);
    })).then(() => {});
    return { added, removed, drained };
  }

  /** The backends in the pool and those still draining, for metrics. */
  listAll(): Backend[] {
    return [...this.live, ...this.draining];
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

  /** How many backends other than `current` and the ones in `tried` could take a try at `now`: where a request can still fail over. */
  countFailoverTargets(current: Backend, tried: ReadonlySet<Backend> | undefined, now: number): number {
    let count = 0;
    for (const backend of this.backends) {
      if (backend !== current && tried?.has(backend) !== true && backend.breaker.isAvailable(now)) count++;
    }
    return count;
  }

  /** Closes every backend's idle keep-alive sockets. */
  close(): void {
    for (const backend of this.listAll()) backend.client.close();
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
