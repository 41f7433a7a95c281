import { once } from 'node:events';
import { createServer, STATUS_CODES, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, toErrorBody } from './errors.js';
import { Readiness } from './readiness.js';

export interface ServerOptions {
  /** Default 127.0.0.1; `0.0.0.0` or `::` to listen on every interface. */
  readonly host?: string;
  /** Default 0: an ephemeral port, read it back from `port`/`url`. */
  readonly port?: number;
  /** How long `close()` lets in-flight requests run before cutting them; default 10 000 ms. */
  readonly graceMs?: number;
  /** Shared with the app's `/readyz`; marked ready once listening. */
  readonly readiness?: Readiness;
  /** How long a client may take to send a request's headers; default 10 000 ms. */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, headers and body; default 30 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Connections the kernel queues before they are accepted; default Node's 511. */
  readonly backlog?: number;
}

/** How often Node checks the two limits above: its default (30 s) would let a slow client overstay them by that much. */
const timeoutCheckIntervalMs = 1_000;

export interface RunningServer {
  /** Base URL without a trailing slash; wildcard hosts are reached through loopback. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly server: Server;
  readonly readiness: Readiness;
  /** Requests whose response has not closed yet. */
  readonly inFlight: number;
  /**
   * Graceful stop: readiness turns 503, the listener closes, idle keep-alive
   * sockets close, in-flight requests get `graceMs` to finish (then their
   * sockets are destroyed). Idempotent; resolves when every socket is gone.
   */
  close(graceMs?: number): Promise<void>;
}

/** Raised when the server cannot listen (port taken, no permission); `code` is Node's, e.g. EADDRINUSE. */
export class ListenError extends Error {
  constructor(readonly code: string, host: string, port: number, cause: unknown) {
    super(`cannot listen on ${host}:${port}: ${code}`, { cause });
    this.name = 'ListenError';
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function describeClientError(code: string | undefined): ApiError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ApiError(408, 'invalid_request_error', 'The request was not received in time.', { code: 'request_timeout' });
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ApiError(431, 'invalid_request_error', 'The request headers are too large.', { code: 'request_headers_too_large' });
  }
  return new ApiError(400, 'invalid_request_error', 'The request is not valid HTTP/1.1.', { code: 'malformed_http' });
}

/**
 * Answers a request Node's parser rejected (bad syntax, oversized headers, a
 * header or body timeout) with OpenAI's error object, like every other error,
 * then closes: the connection's framing can no longer be trusted.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Node's own default handler makes the same check: a response already under way cannot get a second head.
  const started = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const answer = describeClientError(error.code);
  const body = JSON.stringify(toErrorBody(answer));
  socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`
    + `connection: close\r\n\r\n${body}`);
}

async function listen(server: Server, host: string, port: number, backlog: number | undefined): Promise<AddressInfo> {
  server.listen({ host, port, backlog });
  try {
    await once(server, 'listening');
  } catch (error) {
    throw new ListenError((error as NodeJS.ErrnoException).code ?? 'unknown', host, port, error);
  }
  return server.address() as AddressInfo;
}

/** Starts `handler` (e.g. `app.callback()`) on host:port and returns a handle that stops it gracefully. */
export async function startServer(handler: RequestListener, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const readiness = options.readiness ?? new Readiness();
  const defaultGraceMs = options.graceMs ?? 10_000;
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer({
    noDelay: true,
    // Proxies keep idle upstream sockets for 60 s or more; Node's 5 s default makes them race our close.
    keepAliveTimeout: 65_000,
    // Node's defaults (60 s for headers, 300 s for the request) hold a slowloris client for minutes.
    headersTimeout,
    // Node requires the request limit to be at least the header one.
    requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? 30_000),
    connectionsCheckingInterval: timeoutCheckIntervalMs,
  }, handler);
  server.on('clientError', answerClientError);
  let inFlight = 0;
  let closing: Promise<void> | undefined;

  // One listener for every response, not a closure per request: 'close' comes once per response.
  const onResponseClose = (): void => {
    inFlight--;
    // The socket this response used turns idle a tick later; close it then rather than wait for its timeout.
    if (closing !== undefined) setImmediate(() => server.closeIdleConnections());
  };
  server.on('request', (_req, res) => {
    inFlight++;
    if (closing !== undefined && !res.headersSent) res.setHeader('connection', 'close');
    res.on('close', onResponseClose);
  });

  const address = await listen(server, host, options.port ?? 0, options.backlog);
  readiness.markReady();

  const close = (graceMs = defaultGraceMs): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      readiness.markDraining();
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost(host)}:${address.port}`,
    port: address.port,
    host,
    server,
    readiness,
    get inFlight() {
      return inFlight;
    },
    close,
  };
}
