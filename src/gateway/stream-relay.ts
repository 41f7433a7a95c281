import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { checkAnswer } from './answer-check.js';
import type { Deadline, Stoppable } from './deadline.js';
import type { Exchange } from './exchange.js';
import { ClientGoneError, GatewayTimeoutError, MalformedAnswerError, StreamInterruptedError } from './gateway-errors.js';
import { downstreamResponseHeaders } from './proxy-headers.js';
import { SseStreamGuard } from './sse-stream-guard.js';
import type { BodySink, UpstreamResponse } from './upstream-client.js';
import { ApiError, requestIdHeader, toErrorBody } from '../http/index.js';

/**
 * How a relay ended. `failed` before anything reached the client can still be
 * retried on another backend; `broken` means the client saw the start of a
 * response that then failed (and got an error frame or a cut socket).
 */
export type RelayEnd =
  | { readonly kind: 'complete' | 'client_gone' | 'broken' }
  | { readonly kind: 'failed'; readonly error: Error };

const complete: RelayEnd = { kind: 'complete' };
const clientGone: RelayEnd = { kind: 'client_gone' };
const broken: RelayEnd = { kind: 'broken' };

function expireIdle(relay: StreamRelay): void {
  relay.stop(new GatewayTimeoutError('idle', relay.idleTimeoutMs));
}

function isEventStream(headers: IncomingHttpHeaders): boolean {
  return headers['content-type']?.startsWith('text/event-stream') === true;
}

/** A 2xx answer in plain bytes claims success: it is held and checked whole before the client sees it. */
function isCheckable(upstream: UpstreamResponse): boolean {
  const status = upstream.statusCode;
  const encoding = upstream.headers['content-encoding'];
  return status >= 200 && status < 300 && (encoding === undefined || encoding === 'identity');
}

/** A non-streaming answer held until it is complete and checked. */
class HeldAnswer {
  readonly chunks: Buffer[] = [];
  bytes = 0;

  constructor(readonly limitBytes: number) {}

  /** False once the answer outgrew the limit. */
  add(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    this.chunks.push(chunk);
    return this.bytes <= this.limitBytes;
  }

  body(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
  }
}

/**
 * Copies one backend response to the client chunk by chunk, with
 * backpressure, and decides what a failure means. Nothing reaches the client
 * before the first usable bytes have arrived, so a failure before then can
 * still be retried elsewhere. After it, a failure ends an event stream with
 * an SSE error frame (never a clean `[DONE]`), or cuts any other body's
 * socket so the client cannot mistake it for a whole answer. With
 * `answerLimitBytes`, a non-streaming 2xx answer is held until it is complete
 * and checked (valid JSON, within the limit): a bad one fails the try before
 * the client saw a byte, so it can be retried elsewhere.
 */
export class StreamRelay implements Stoppable, BodySink {
  /** Settles once the relay is over, however it ended. */
  readonly ended: Promise<RelayEnd>;
  private readonly guard: SseStreamGuard | undefined;
  private readonly held: HeldAnswer | undefined;
  private committed = false;
  private finished = false;
  /** The backend is paused until the client's socket drains. */
  private paused = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Copied when the backend's headers come, not on the path to the client's first byte, which waits for the body. */
  private readonly headers: OutgoingHttpHeaders;
  private resolveEnded!: (end: RelayEnd) => void;

  constructor(
    private readonly upstream: UpstreamResponse,
    private readonly res: ServerResponse,
    private readonly deadline: Deadline,
    private readonly exchange: Exchange,
    private readonly tryStartedAt: number,
    readonly idleTimeoutMs: number,
    answerLimitBytes: number | undefined,
  ) {
    this.guard = isEventStream(upstream.headers) ? new SseStreamGuard() : undefined;
    this.headers = downstreamResponseHeaders(upstream.headers);
    this.headers[requestIdHeader] = exchange.requestId;
    this.held = this.guard === undefined && answerLimitBytes !== undefined && isCheckable(upstream)
      ? new HeldAnswer(answerLimitBytes)
      : undefined;
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    deadline.onAbort(this);
    // Last: what already arrived is delivered at once.
    if (!this.finished) upstream.read(this);
  }

  /** Ends the relay because of `error`, in whichever phase it is. */
  stop(error: Error): void {
    if (this.finished) return;
    this.upstream.destroy();
    if (error instanceof ClientGoneError) {
      this.exchange.clientLeft();
      this.finish(clientGone);
      return;
    }
    if (!this.committed) {
      this.finish({ kind: 'failed', error });
      return;
    }
    this.exchange.breakOff((error as ApiError).code ?? 'upstream_error');
    if (this.guard !== undefined && !this.res.destroyed) {
      this.res.end(`data: ${JSON.stringify(toErrorBody(error as ApiError))}\n\n`);
    } else {
      this.res.destroy();
    }
    this.finish(broken);
  }

  onData(chunk: Buffer): void {
    if (this.held !== undefined) {
      if (!this.held.add(chunk)) this.stop(new MalformedAnswerError(`larger than ${this.held.limitBytes} bytes`));
      return;
    }
    if (this.guard === undefined) {
      this.forward(chunk);
      return;
    }
    const checked = this.guard.push(chunk);
    // Once the client has the stream's start, the valid events before a malformed one reach it too; before, the try
    // fails whole and another backend can still serve all of it.
    if (checked !== undefined && (this.committed || this.guard.fault === undefined)) this.forward(checked);
    if (this.guard.fault !== undefined) this.stop(new StreamInterruptedError('malformed_chunk', 'the backend sent a malformed event'));
  }

  private forward(forward: Buffer): void {
    if (this.committed) this.idleTimer?.refresh();
    else this.commit();
    const flowing = this.res.write(forward);
    // Armed after the first write, off the path to the client's first byte.
    if (this.idleTimer === undefined && !this.finished) this.idleTimer = setTimeout(expireIdle, this.idleTimeoutMs, this);
    if (!flowing && !this.paused) {
      // Listened for only when needed: most answers never fill the client's socket buffer.
      this.paused = true;
      this.upstream.pause();
      this.res.once('drain', this.onClientDrain);
    }
  }

  onEnd(): void {
    if (this.finished) return;
    if (this.guard !== undefined && !this.guard.finish()) {
      this.stop(new StreamInterruptedError('cut', 'the backend ended the stream before [DONE]'));
      return;
    }
    if (this.held !== undefined) {
      this.completeHeld(this.held);
      return;
    }
    if (!this.committed) this.commit();
    this.res.end();
    this.finish(complete);
  }

  onError(error: Error): void {
    if (this.finished) return;
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    this.stop(new StreamInterruptedError('reset', `the connection failed (${code})`));
  }

  private readonly onClientDrain = (): void => {
    this.paused = false;
    this.upstream.resume();
  };

  private completeHeld(held: HeldAnswer): void {
    const body = held.body();
    const fault = checkAnswer(body);
    if (fault !== undefined) {
      this.finish({ kind: 'failed', error: new MalformedAnswerError(fault) });
      return;
    }
    this.commit(body.length);
    this.res.end(body);
    this.finish(complete);
  }

  /** Sends the status and headers; only a body still to come (see onData) gets an idle timer. */
  private commit(contentLength?: number): void {
    this.committed = true;
    const status = this.upstream.statusCode;
    const headers = this.headers;
    headers['server-timing'] = this.exchange.commit(status, this.tryStartedAt);
    if (contentLength !== undefined) headers['content-length'] = contentLength;
    this.res.writeHead(status, headers);
  }

  private finish(end: RelayEnd): void {
    this.finished = true;
    clearTimeout(this.idleTimer);
    this.deadline.onAbort(undefined);
    this.res.off('drain', this.onClientDrain);
    this.resolveEnded(end);
  }
}
