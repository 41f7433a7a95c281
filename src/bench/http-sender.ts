import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { readCompletionTokens, type ApiRequest, type BenchApi } from './api-shape.js';
import { StreamReader } from './stream-reader.js';

export interface RequestOutcome {
  readonly ok: boolean;
  /** From the request's start (the scheduled start in open loop) to the last byte. */
  readonly latencyMs: number;
  readonly errorKind?: string;
  readonly completionTokens?: number;
  readonly ttftMs?: number;
  readonly itlMs?: number[];
}

export interface SenderOptions {
  readonly baseUrl: string;
  readonly api: BenchApi;
  readonly stream: boolean;
  readonly timeoutMs: number;
  readonly maxConnections: number;
  readonly apiKey?: string;
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection_refused';
    case 'ECONNRESET': case 'EPIPE': return 'connection_reset';
    default: return error.code ? `network_${error.code.toLowerCase()}` : 'network';
  }
}

/**
 * Sends requests over node:http with a keep-alive agent holding at most
 * `maxConnections` sockets: a few times faster than node-fetch on loopback,
 * which would make the load generator the bottleneck (see the README).
 */
export class HttpSender {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly url: URL;

  constructor(private readonly options: SenderOptions) {
    this.url = new URL(options.baseUrl);
    this.transport = this.url.protocol === 'https:' ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.maxConnections, maxFreeSockets: options.maxConnections };
    this.agent = this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  send(request: ApiRequest, startedAt: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<RequestOutcome, 'latencyMs'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, latencyMs: performance.now() - startedAt });
      };
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(request.body),
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      };
      const req = this.transport.request({
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        port: this.url.port,
        path: `${this.url.pathname.replace(/\/$/, '')}${request.path}`,
        method: 'POST',
        agent: this.agent,
        headers,
      }, (res) => {
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('close', () => {
          if (!res.complete) finish({ ok: false, errorKind: 'connection_reset' });
        });
        if (status >= 300) {
          res.resume();
          res.on('end', () => finish({ ok: false, errorKind: `http_${status}` }));
          return;
        }
        if (this.options.stream) {
          const reader = new StreamReader(startedAt);
          res.on('data', (chunk: string) => reader.push(chunk));
          res.on('end', () => {
            const timing = reader.finish();
            finish({ ok: timing.errorKind === undefined, ...timing });
          });
          return;
        }
        let text = '';
        res.on('data', (chunk: string) => { text += chunk; });
        res.on('end', () => finish(this.readBody(text)));
      });
      const timer = setTimeout(() => {
        finish({ ok: false, errorKind: 'timeout' });
        req.destroy();
      }, this.options.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, errorKind: describeSocketError(error) }));
      req.end(request.body);
    });
  }

  private readBody(text: string): Omit<RequestOutcome, 'latencyMs'> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, errorKind: 'invalid_response' };
    }
    const completionTokens = readCompletionTokens(this.options.api, body);
    return completionTokens === undefined ? { ok: true } : { ok: true, completionTokens };
  }

  close(): void {
    this.agent.destroy();
  }
}
