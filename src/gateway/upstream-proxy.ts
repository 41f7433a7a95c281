import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Backend, BackendPool, TryOutcome } from './backend-pool.js';
import { backoffDelayMs, parseRetryAfterMs, type BackoffOptions } from './backoff.js';
import { Deadline, type DeadlineOptions } from './deadline.js';
import { ClientGoneError, NoBackendAvailableError, StreamInterruptedError, UpstreamUnavailableError } from './gateway-errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { upstreamRequestHeaders } from './proxy-headers.js';
import type { RequestRecord } from './request-record.js';
import { StreamRelay, type RelayEnd } from './stream-relay.js';
import type { UpstreamRequest } from './upstream-client.js';
import type { ApiError } from '../http/index.js';

export interface ProxyOptions {
  readonly deadline: DeadlineOptions;
  readonly idleTimeoutMs: number;
  /** Extra tries after the first. */
  readonly retries: number;
  readonly backoff: BackoffOptions;
  readonly backendApiKey: string | undefined;
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
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

function outcomeOfStatus(status: number): TryOutcome {
  if (status >= 500) return 'failure';
  return status === 429 ? 'neutral' : 'success';
}

function outcomeOfRelay(end: RelayEnd, status: number): TryOutcome {
  if (end === 'complete') return outcomeOfStatus(status);
  return end === 'client_gone' ? 'neutral' : 'failure';
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error as Error).message;
}

interface FailedTry {
  readonly error: ApiError;
  readonly retryAfterMs: number;
}

function abandonWhenClientLeaves(res: ServerResponse, deadline: Deadline): () => void {
  const onClose = (): void => {
    if (!res.writableFinished) deadline.abort(new ClientGoneError());
  };
  res.once('close', onClose);
  return () => res.off('close', onClose);
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
  async forward(request: ProxiedRequest, clientHeaders: IncomingHttpHeaders, res: ServerResponse, record: RequestRecord): Promise<void> {
    const deadline = new Deadline(this.options.deadline, record.startedAt);
    const stopWatching = abandonWhenClientLeaves(res, deadline);
    const send: UpstreamRequest = {
      method: request.method,
      path: request.path,
      headers: upstreamRequestHeaders(clientHeaders, request.requestId, request.body, this.options.backendApiKey),
      body: request.body,
    };
    let tried: Set<Backend> | undefined;
    let lastError: ApiError | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const backend = this.pool.acquire(tried, performance.now(), request.model);
        if (backend === undefined) throw lastError ?? new NoBackendAvailableError();
        record.tries = attempt + 1;
        record.backend = backend.label;
        const canRetry = request.retryable && attempt < this.options.retries;
        const failed = await this.tryBackend(backend, send, canRetry, res, deadline, record);
        if (failed === undefined) return;
        lastError = failed.error;
        if (!canRetry) throw lastError;
        const delay = backoffDelayMs(attempt + 1, this.options.backoff, failed.retryAfterMs);
        if (delay >= deadline.remainingMs()) throw lastError;
        this.metrics.retries.inc({ route: record.route });
        (tried ??= new Set()).add(backend);
        await deadline.sleep(delay);
      }
    } catch (error) {
      if (error instanceof ClientGoneError) record.cancelled = true;
      throw error;
    } finally {
      deadline.dispose();
      stopWatching();
    }
  }

  /**
   * One try on one backend, ended exactly once (its outcome feeds the
   * backend's breaker). Resolves undefined when the response was served, or
   * with the failure when another try could still help; throws when the
   * request must stop (deadline passed, client gone).
   */
  private async tryBackend(
    backend: Backend, send: UpstreamRequest, canRetry: boolean, res: ServerResponse, deadline: Deadline, record: RequestRecord,
  ): Promise<FailedTry | undefined> {
    const tryStartedAt = performance.now();
    const call = backend.client.call(send);
    deadline.onAbort((reason) => call.abort(reason));
    let response: IncomingMessage;
    try {
      response = await call.response;
    } catch (error) {
      const reason = deadline.reason;
      this.endTry(backend, reason instanceof ClientGoneError ? 'neutral' : 'failure');
      if (reason !== undefined) throw reason;
      return { error: new UpstreamUnavailableError(describeFailure(error), error), retryAfterMs: 0 };
    }
    const status = response.statusCode ?? 502;
    if (canRetry && isRetryableStatus(status)) {
      const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);
      if (retryAfterMs < deadline.remainingMs()) {
        deadline.onAbort(undefined);
        response.resume();
        this.endTry(backend, outcomeOfStatus(status));
        return { error: new UpstreamUnavailableError(`HTTP ${status}`), retryAfterMs };
      }
    }
    const relay = new StreamRelay(response, res, deadline, record, tryStartedAt, this.options.idleTimeoutMs);
    const ended = relay.ended.then((end) => this.endTry(backend, outcomeOfRelay(end, status)));
    try {
      await relay.started;
    } catch (error) {
      await ended;
      if (deadline.reason !== undefined) throw deadline.reason;
      const detail = error instanceof StreamInterruptedError ? error.detail : (error as Error).message;
      return { error: new UpstreamUnavailableError(detail, error), retryAfterMs: 0 };
    }
    await ended;
    return undefined;
  }

  private endTry(backend: Backend, outcome: TryOutcome): void {
    backend.endTry(outcome, performance.now());
    this.metrics.tryOutcomes.inc({ backend: backend.label, outcome });
  }
}
