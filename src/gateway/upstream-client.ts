import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

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
  /** Longest wait for a new connection to open; a reused keep-alive socket has none. */
  readonly connectTimeoutMs?: number;
}

function limitConnect(req: ClientRequest, socket: Socket, timeoutMs: number): void {
  if (!socket.connecting) return;
  const timer = setTimeout(() => req.destroy(new UpstreamTimeoutError('connect', timeoutMs)), timeoutMs);
  const clear = (): void => clearTimeout(timer);
  socket.once('connect', clear);
  socket.once('close', clear);
}

/** One request in flight to a backend: `response` settles with its headers; `stop` aborts it in any phase. */
export class UpstreamCall {
  readonly response: Promise<IncomingMessage>;

  constructor(private readonly req: ClientRequest) {
    this.response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
    });
  }

  stop(reason: Error): void {
    this.req.destroy(reason);
  }
}

export interface UpstreamReply {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Talks to one backend over node:http with a keep-alive agent. Chosen over
 * node-fetch and fetch after measuring them side by side on loopback (see the
 * README's gateway section): node:http costs least CPU per request, hands
 * over body chunks as Buffers with no stream adapter, and aborts in every
 * phase with one `destroy()`.
 */
export class UpstreamClient {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly hostname: string;
  private readonly port: string;
  /** The base URL's path without a trailing `/v1`: requests carry their full path (`/v1/models`, `/generate`, `/health`). */
  private readonly rootPath: string;

  constructor(baseUrl: URL) {
    const secure = baseUrl.protocol === 'https:';
    // LIFO reuses the warmest socket and lets surplus ones idle out; no per-host socket cap, the balancer bounds load.
    const agentOptions = { keepAlive: true, scheduling: 'lifo' as const, noDelay: true };
    this.agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.send = secure ? httpsRequest : httpRequest;
    this.hostname = baseUrl.hostname.replace(/^\[|\]$/g, '');
    this.port = baseUrl.port;
    this.rootPath = baseUrl.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  call(request: UpstreamRequest): UpstreamCall {
    const req: ClientRequest = this.send({
      agent: this.agent,
      hostname: this.hostname,
      port: this.port,
      method: request.method,
      path: this.rootPath + request.path,
      headers: request.headers,
    });
    const call = new UpstreamCall(req);
    const { connectTimeoutMs } = request;
    if (connectTimeoutMs !== undefined) req.once('socket', (socket: Socket) => limitConnect(req, socket, connectTimeoutMs));
    req.end(request.body);
    return call;
  }

  /** A small GET answered in full within `timeoutMs` (health probes, model lists); rejects on any failure. */
  async get(path: string, headers: OutgoingHttpHeaders, timeoutMs: number): Promise<UpstreamReply> {
    const call = this.call({ method: 'GET', path, headers });
    const timer = setTimeout(() => call.stop(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const response = await call.response;
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      return { status: response.statusCode ?? 0, body: Buffer.concat(chunks) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes idle keep-alive sockets; in-flight ones finish on their own. */
  close(): void {
    this.agent.destroy();
  }
}
