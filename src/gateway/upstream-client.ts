import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import { buildConnector, Pool, type Dispatcher } from 'undici';

/** The phases of one try that have a time limit of their own. */
export type UpstreamPhase = 'connect' | 'headers' | 'answer';

/** One try on one backend overran a per-try limit; the proxy counts it as a failed try and fails over. */
export class UpstreamTimeoutError extends Error {
  constructor(readonly phase: UpstreamPhase, limitMs: number) {
    super(`the per-try ${phase} limit of ${limitMs} ms passed`);
    this.name = 'UpstreamTimeoutError';
  }
}

export interface UpstreamRequest {
  readonly method: string;
  /** Path and query, appended to the backend's base path. */
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body?: Buffer;
}

/** Where a response body goes once it is read: exactly one of `onEnd` and `onError` ends it. */
export interface BodySink {
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(error: Error): void;
}

/** A backend's response: status and headers at once; the body waits until it is read, discarded or destroyed. */
export interface UpstreamResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** Delivers the body to `sink` (synchronously, for what already arrived). */
  read(sink: BodySink): void;
  /** Stops reading from the backend until {@link resume}: the client is not keeping up. */
  pause(): void;
  resume(): void;
  /** Reads the body to its end and drops it, so the connection can serve another request. */
  discard(): void;
  /** Drops the response and closes its connection; its sink hears nothing more. */
  destroy(): void;
}

const droppedBody: BodySink = { onData() {}, onEnd() {}, onError() {} };
const responseDropped = new Error('the response was dropped');

/**
 * One request in flight to a backend, as an undici dispatch handler:
 * `response` settles with the status and headers; `stop` aborts the request
 * in any phase, also before it has a connection. The body is held (the parser
 * paused) from the headers until someone reads it, so nothing is lost while
 * the proxy decides what to do with the answer.
 */
export class UpstreamCall implements Dispatcher.DispatchHandler, UpstreamResponse {
  readonly response: Promise<UpstreamResponse>;
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  private controller: Dispatcher.DispatchController | undefined;
  private stopReason: Error | undefined;
  private started = false;
  /** Undefined until the body is read; then where it goes. */
  private sink: BodySink | undefined;
  /** How the body ended before anyone read it. */
  private early: { readonly error: Error | undefined } | undefined;
  private resolveResponse!: (response: UpstreamResponse) => void;
  private rejectResponse!: (error: Error) => void;

  constructor() {
    this.response = new Promise<UpstreamResponse>((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
  }

  stop(reason: Error): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.sink = droppedBody;
    if (!this.started) this.rejectResponse(reason);
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopReason !== undefined) controller.abort(this.stopReason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx are interim: the real answer follows on the same request.
    if (statusCode < 200 || this.stopReason !== undefined) return;
    this.statusCode = statusCode;
    this.headers = headers;
    this.started = true;
    controller.pause();
    this.resolveResponse(this);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.sink?.onData(chunk);
  }

  onResponseEnd(): void {
    if (this.sink === undefined) this.early = { error: undefined };
    else this.sink.onEnd();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.started) {
      this.rejectResponse(error);
      return;
    }
    if (this.sink === undefined) this.early = { error };
    else this.sink.onError(error);
  }

  read(sink: BodySink): void {
    this.sink = sink;
    if (this.stopReason !== undefined) sink.onError(this.stopReason);
    else if (this.early === undefined) this.controller!.resume();
    else if (this.early.error === undefined) sink.onEnd();
    else sink.onError(this.early.error);
  }

  pause(): void {
    this.controller!.pause();
  }

  resume(): void {
    this.controller!.resume();
  }

  discard(): void {
    this.read(droppedBody);
  }

  destroy(): void {
    this.stop(responseDropped);
  }
}

/**
 * undici's connector with a connect limit of our own: undici's checks its
 * limit on a coarse timer (a 200 ms limit fired after about a second), and a
 * request must leave a backend that does not accept within the limit it was given.
 * A new connection costs one timer; a kept-alive one none.
 */
function limitConnect(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: 0 });
  return (options, callback) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (socket instanceof Socket) socket.destroy();
      callback(new UpstreamTimeoutError('connect', timeoutMs), null);
    }, timeoutMs);
    // undici's connector returns the socket it is opening, though its types say void.
    const socket: unknown = connect(options, (...args: Parameters<buildConnector.Callback>) => {
      clearTimeout(timer);
      if (!timedOut) callback(...args);
      else args[1]?.destroy();
    });
  };
}

export interface UpstreamReply {
  readonly status: number;
  readonly body: Buffer;
}

export interface UpstreamClientOptions {
  /** Longest wait for a new connection to open (a reused keep-alive one has none); default: undici's 10 s. */
  readonly connectTimeoutMs?: number;
}

/**
 * Talks to one backend through an undici Pool with `dispatch`: kept-alive
 * connections, one request at a time on each, as many as the load needs.
 * Chosen over node:http's agent after measuring both on loopback
 * (docs/benchmarks.md): it costs less CPU per request, hands over body
 * chunks as Buffers with no stream objects, and honours the backend's
 * keep-alive hints, so an idle socket is not reused just as the backend closes it.
 * The proxy owns every other time limit, so undici's own are off.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  /** The base URL's path without a trailing `/v1`: requests carry their full path (`/v1/models`, `/generate`, `/health`). */
  private readonly rootPath: string;

  constructor(baseUrl: URL, options: UpstreamClientOptions = {}) {
    this.pool = new Pool(baseUrl.origin, {
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(options.connectTimeoutMs === undefined ? {} : { connect: limitConnect(options.connectTimeoutMs) }),
    });
    this.rootPath = baseUrl.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  call(request: UpstreamRequest): UpstreamCall {
    const call = new UpstreamCall();
    this.pool.dispatch({
      method: request.method as Dispatcher.HttpMethod,
      path: this.rootPath + request.path,
      headers: request.headers as Record<string, string>,
      body: request.body ?? null,
    }, call);
    return call;
  }

  /** A small GET answered in full within `timeoutMs` (health probes, model lists); rejects on any failure. */
  get(path: string, headers: OutgoingHttpHeaders, timeoutMs: number): Promise<UpstreamReply> {
    const call = this.call({ method: 'GET', path, headers });
    return new Promise<UpstreamReply>((resolve, reject) => {
      const fail = (error: Error): void => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        call.stop(error);
        fail(error);
      }, timeoutMs);
      call.response.then((response) => {
        const chunks: Buffer[] = [];
        response.read({
          onData: (chunk) => chunks.push(chunk),
          onEnd: () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode, body: Buffer.concat(chunks) });
          },
          onError: fail,
        });
      }, fail);
    });
  }

  /** Closes the connections once their requests are over; nothing new can be sent. */
  close(): void {
    void this.pool.close();
  }
}
