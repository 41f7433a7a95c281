import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Backend, BackendPool, TryOutcome } from './backend-pool.js';
import { backoffDelayMs, parseRetryAfterMs, type BackoffOptions } from './backoff.js';
import type { Deadline, DeadlineOptions } from './deadline.js';
import type { Exchange } from './exchange.js';
import {
  ClientGoneError, MalformedAnswerError, NoBackendAvailableError, StreamInterruptedError, UpstreamUnavailableError,
} from './gateway-errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { upstreamRequestHeaders } from './proxy-headers.js';
import { StreamRelay, type RelayEnd } from './stream-relay.js';
import type { UpstreamRequest, UpstreamResponse } from './upstream-client.js';
import type { ApiError } from '../http/index.js';

export interface ProxyOptions {
  readonly deadline: DeadlineOptions;
  readonly idleTimeoutMs: number;
  /** Extra tries after the first. */
  readonly retries: number;
  readonly backoff: BackoffOptions;
  readonly backendApiKey: string | undefined;
  /** Per try of a streaming request: longest wait for the response headers. */
  readonly headerTimeoutMs: number;
  /** Per try of a non-streaming request: longest wait for the whole answer. */
  readonly answerTimeoutMs: number;
  /** Non-streaming 2xx answers are held and checked up to this size; undefined relays them unchecked. */
  readonly answerLimitBytes: number | undefined;
}

/** What the client asked for, ready to send to any backend. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer | undefined;
  readonly requestId: string;
  /** The requested model, to prefer backends that serve it. */
  readonly model: string | undefined;
  /** Whether another backend may be tried after a failure (nothing reached the client yet). */
  readonly retryable: boolean;
  /** Whether the client asked for a stream (`"stream": true`): its headers come at once, the tokens later. */
  readonly stream: boolean;
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

function outcomeOfStatus(status: number): TryOutcome {
  if (status >= 500) return 'failure';
  return status === 429 ? 'neutral' : 'success';
}

function outcomeOfRelay(end: RelayEnd['kind'], status: number): TryOutcome {
  if (end === 'complete') return outcomeOfStatus(status);
  return end === 'client_gone' ? 'neutral' : 'failure';
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error as Error).message;
}

/** One request on its way through the backends: what every try sends and where the answer goes. */
interface Forwarding {
  readonly send: UpstreamRequest;
  readonly stream: boolean;
  readonly res: ServerResponse;
  readonly deadline: Deadline;
  readonly exchange: Exchange;
}

interface FailedTry {
  readonly error: ApiError;
  readonly retryAfterMs: number;
}

/**
 * Sends a request to the backends until one answers: least-outstanding
 * choice, failover with jittered backoff on connection errors, resets, 5xx
 * and 429 before any byte reached the client, all under the request's one
 * deadline; the client leaving aborts the backend request in every phase.
 */
export class UpstreamProxy {
  constructor(
    private readonly pool: BackendPool,
    private readonly options: ProxyOptions,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Serves the request on `res`; resolves when the response is over. Throws (an ApiError) only before any byte was sent. */
  async forward(request: ProxiedRequest, clientHeaders: IncomingHttpHeaders, res: ServerResponse, exchange: Exchange): Promise<void> {
    const deadline = exchange.startDeadline(this.options.deadline);
    const run: Forwarding = {
      send: {
        method: request.method,
        path: request.path,
        headers: upstreamRequestHeaders(clientHeaders, request.requestId, request.body, this.options.backendApiKey),
        body: request.body,
      },
      stream: request.stream,
      res,
      deadline,
      exchange,
    };
    let tried: Set<Backend> | undefined;
    let lastError: ApiError | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const now = performance.now();
        const backend = this.pool.acquire(tried, now, request.model);
        if (backend === undefined) throw lastError ?? new NoBackendAvailableError();
        exchange.startTry(backend.label, attempt + 1);
        const canRetry = request.retryable && attempt < this.options.retries;
        const followers = canRetry ? Math.min(this.options.retries - attempt, this.pool.countFailoverTargets(backend, tried, now)) : 0;
        const failed = await this.tryBackend(backend, canRetry, followers, run);
        if (failed === undefined) return;
        lastError = failed.error;
        if (!canRetry) throw lastError;
        const delay = backoffDelayMs(attempt + 1, this.options.backoff, failed.retryAfterMs);
        if (delay >= deadline.remainingMs()) throw lastError;
        this.metrics.forRoute(exchange.record.route).retries++;
        (tried ??= new Set()).add(backend);
        await deadline.sleep(delay);
      }
    } catch (error) {
      if (error instanceof ClientGoneError) exchange.clientLeft();
      throw error;
    } finally {
      exchange.endDeadline();
    }
  }

  /**
   * One try on one backend, ended exactly once (its outcome feeds the
   * backend's breaker). Resolves undefined when the response was served, or
   * with the failure when another try could still help; throws when the
   * request must stop (deadline passed, client gone). A try has its own time
   * limit: to the response headers for a stream, to the whole answer
   * otherwise (non-streaming answers send their headers only when done),
   * never more than its share of the first-byte deadline with the
   * `followers` tries that may come after it. It also ends early, and fails
   * over, when the backend's breaker opens before the client got a byte.
   */
  private async tryBackend(backend: Backend, canRetry: boolean, followers: number, run: Forwarding): Promise<FailedTry | undefined> {
    const { deadline } = run;
    if (run.stream) deadline.startTry('headers', this.options.headerTimeoutMs, followers);
    else deadline.startTry('answer', this.options.answerTimeoutMs, followers);
    backend.track(deadline);
    try {
      return await this.runTry(backend, canRetry, run);
    } finally {
      deadline.clearTryLimit();
    }
  }

  private async runTry(backend: Backend, canRetry: boolean, run: Forwarding): Promise<FailedTry | undefined> {
    const { deadline } = run;
    const tryStartedAt = performance.now();
    const call = backend.client.call(run.send);
    deadline.onAbort(call);
    let response: UpstreamResponse;
    try {
      response = await call.response;
    } catch (error) {
      const reason = deadline.reason;
      this.endTry(backend, reason instanceof ClientGoneError ? 'neutral' : 'failure', deadline);
      if (reason !== undefined) throw reason;
      return { error: new UpstreamUnavailableError(describeFailure(error), error), retryAfterMs: 0 };
    }
    if (run.stream) deadline.clearTryLimit();
    const status = response.statusCode;
    if (canRetry && isRetryableStatus(status)) {
      const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);
      if (retryAfterMs < deadline.remainingMs()) {
        deadline.onAbort(undefined);
        response.discard();
        this.endTry(backend, outcomeOfStatus(status), deadline);
        return { error: new UpstreamUnavailableError(`HTTP ${status}`), retryAfterMs };
      }
    }
    const relay = new StreamRelay(response, run.res, deadline, run.exchange, tryStartedAt, this.options.idleTimeoutMs, this.options.answerLimitBytes);
    const end = await relay.ended;
    this.endTry(backend, outcomeOfRelay(end.kind, status), deadline);
    if (end.kind !== 'failed') return undefined;
    if (deadline.reason !== undefined) throw deadline.reason;
    if (end.error instanceof MalformedAnswerError) return { error: end.error, retryAfterMs: 0 };
    const detail = end.error instanceof StreamInterruptedError ? end.error.detail : end.error.message;
    return { error: new UpstreamUnavailableError(detail, end.error), retryAfterMs: 0 };
  }

  private endTry(backend: Backend, outcome: TryOutcome, deadline: Deadline): void {
    backend.endTry(outcome, performance.now(), deadline);
    this.metrics.countTry(backend, outcome);
  }
}
