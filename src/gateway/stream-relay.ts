import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Deadline } from './deadline.js';
import { ClientGoneError, GatewayTimeoutError, StreamInterruptedError } from './gateway-errors.js';
import { downstreamResponseHeaders } from './proxy-headers.js';
import type { RequestRecord } from './request-record.js';
import { SseStreamGuard } from './sse-stream-guard.js';
import { ApiError, toErrorBody } from '../http/index.js';

/** How a relayed response ended, from the backend's point of view (drives its circuit breaker). */
export type RelayEnd = 'complete' | 'upstream_failed' | 'client_gone';

function isEventStream(headers: IncomingMessage['headers']): boolean {
  return headers['content-type']?.startsWith('text/event-stream') === true;
}

function formatMs(ms: number): string {
  return ms.toFixed(3);
}

function expireIdle(relay: StreamRelay): void {
  relay.fail(new GatewayTimeoutError('idle', relay.idleTimeoutMs));
}

/**
 * Copies one backend response to the client chunk by chunk, with
 * backpressure, and decides what a failure means. Nothing reaches the client
 * before the first usable bytes have arrived, so a failure before then can
 * still be retried elsewhere (`started` rejects). After it, a failure ends an
 * event stream with an SSE error frame (never a clean `[DONE]`), or cuts any
 * other body's socket so the client cannot mistake it for a whole answer.
 */
export class StreamRelay {
  /** Settles when the response started (headers and first bytes sent) or failed before that. */
  readonly started: Promise<void>;
  /** Settles once the relay is over, however it ended. */
  readonly ended: Promise<RelayEnd>;
  private readonly guard: SseStreamGuard | undefined;
  private committed = false;
  private finished = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private resolveStarted!: () => void;
  private rejectStarted!: (error: Error) => void;
  private resolveEnded!: (end: RelayEnd) => void;

  constructor(
    private readonly upstream: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly deadline: Deadline,
    private readonly record: RequestRecord,
    private readonly tryStartedAt: number,
    readonly idleTimeoutMs: number,
  ) {
    this.guard = isEventStream(upstream.headers) ? new SseStreamGuard() : undefined;
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    upstream.on('data', this.onData);
    upstream.once('end', this.onEnd);
    // Kept after the relay ends: a late socket error must not become an unhandled 'error' event.
    upstream.on('error', this.onUpstreamError);
    upstream.once('close', this.onUpstreamClose);
    res.on('drain', this.onDrain);
    deadline.onAbort(this.onAbort);
  }

  /** Ends the relay because of `error`, in whichever phase it is. */
  fail(error: Error): void {
    if (this.finished) return;
    this.upstream.destroy();
    if (!this.committed) {
      this.finish(error instanceof ClientGoneError ? 'client_gone' : 'upstream_failed');
      this.rejectStarted(error);
      return;
    }
    if (error instanceof ClientGoneError) {
      this.record.cancelled = true;
      this.finish('client_gone');
      return;
    }
    this.record.errorCode = (error as ApiError).code ?? 'upstream_error';
    if (this.guard !== undefined && !this.res.destroyed) {
      this.res.end(`data: ${JSON.stringify(toErrorBody(error as ApiError))}\n\n`);
    } else {
      this.res.destroy();
    }
    this.finish('upstream_failed');
  }

  private readonly onData = (chunk: Buffer): void => {
    const forward = this.guard === undefined ? chunk : this.guard.push(chunk);
    if (this.guard?.fault !== undefined) {
      this.fail(new StreamInterruptedError('malformed_chunk', 'the backend sent a malformed event'));
      return;
    }
    if (forward === undefined) return;
    if (!this.committed) this.commit();
    else this.idleTimer!.refresh();
    if (!this.res.write(forward)) this.upstream.pause();
  };

  private readonly onEnd = (): void => {
    if (this.finished) return;
    if (this.guard !== undefined && !this.guard.finish()) {
      this.fail(new StreamInterruptedError('cut', 'the backend ended the stream before [DONE]'));
      return;
    }
    if (!this.committed) this.commit();
    this.res.end();
    this.finish('complete');
  };

  private readonly onUpstreamError = (error: Error): void => {
    this.fail(new StreamInterruptedError('reset', `the connection failed (${(error as NodeJS.ErrnoException).code ?? error.message})`));
  };

  private readonly onUpstreamClose = (): void => {
    if (!this.finished) this.fail(new StreamInterruptedError('cut', 'the connection closed before the response ended'));
  };

  private readonly onDrain = (): void => {
    this.upstream.resume();
  };

  private readonly onAbort = (reason: Error): void => {
    this.fail(reason);
  };

  private commit(): void {
    this.committed = true;
    const now = performance.now();
    const upstreamMs = now - this.tryStartedAt;
    const firstByteMs = now - this.record.startedAt;
    this.record.upstreamMs = upstreamMs;
    this.record.firstByteMs = firstByteMs;
    this.record.status = this.upstream.statusCode ?? 502;
    const headers: OutgoingHttpHeaders = downstreamResponseHeaders(this.upstream.headers);
    headers['server-timing'] = `gateway;dur=${formatMs(firstByteMs - upstreamMs)}, upstream;dur=${formatMs(upstreamMs)}`;
    this.res.writeHead(this.record.status, headers);
    this.deadline.markFirstByte();
    this.idleTimer = setTimeout(expireIdle, this.idleTimeoutMs, this);
    this.resolveStarted();
  }

  private finish(end: RelayEnd): void {
    this.finished = true;
    clearTimeout(this.idleTimer);
    this.deadline.onAbort(undefined);
    this.upstream.off('data', this.onData);
    this.res.off('drain', this.onDrain);
    this.resolveEnded(end);
  }
}
