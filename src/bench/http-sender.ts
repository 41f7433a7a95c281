import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { Pool, type Dispatcher } from 'undici';
import { readCompletionTokens, type ApiRequest, type BenchApi } from './api-shape.js';
import { DeadlineSweeper, type Deadline } from './deadline-sweeper.js';
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

class RequestTimeoutError extends Error {
  readonly code = 'BENCH_REQUEST_TIMEOUT';
}

function describeSocketError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection_refused';
    case 'ECONNRESET': case 'EPIPE': case 'UND_ERR_SOCKET': return 'connection_reset';
    default: return error.code ? `network_${error.code.toLowerCase()}` : 'network';
  }
}

/**
 * Sends requests through undici's Pool dispatcher, at most `maxConnections`
 * keep-alive sockets: on loopback it drives several times the request rate
 * of node:http or node-fetch, so the load generator is not the bottleneck
 * (numbers in the README).
 */
export class HttpSender {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly headers: string[];
  private readonly bodies = new Map<string, Buffer>();
  private readonly sweeper: DeadlineSweeper;

  constructor(private readonly options: SenderOptions) {
    const url = new URL(options.baseUrl);
    this.pool = new Pool(url.origin, { connections: options.maxConnections, pipelining: 1 });
    this.basePath = url.pathname.replace(/\/$/, '');
    this.sweeper = new DeadlineSweeper(options.timeoutMs);
    this.headers = ['content-type', 'application/json', ...(options.apiKey ? ['authorization', `Bearer ${options.apiKey}`] : [])];
  }

  send(request: ApiRequest, startedAt: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      let controller: Dispatcher.DispatchController | undefined;
      const finish = (outcome: Omit<RequestOutcome, 'latencyMs'>): void => {
        if (settled) return;
        settled = true;
        this.sweeper.remove(deadline);
        resolve({ ...outcome, latencyMs: performance.now() - startedAt });
      };
      const deadline: Deadline = {
        at: performance.now() + this.options.timeoutMs,
        expire: () => {
          finish({ ok: false, errorKind: 'timeout' });
          controller?.abort(new RequestTimeoutError('timeout'));
        },
      };
      this.sweeper.add(deadline);
      const chunks: Buffer[] = [];
      let status = 0;
      let reader: StreamReader | undefined;
      let decoder: StringDecoder | undefined;
      this.pool.dispatch({ path: `${this.basePath}${request.path}`, method: 'POST', body: this.encode(request.body), headers: this.headers }, {
        onRequestStart: (started) => {
          controller = started;
          if (settled) started.abort(new RequestTimeoutError('timeout'));
        },
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
          if (status < 300 && this.options.stream) {
            reader = new StreamReader(startedAt);
            decoder = new StringDecoder('utf8');
          }
        },
        onResponseData: (_controller, chunk) => {
          if (status >= 300) return;
          if (reader) reader.push(decoder!.write(chunk));
          else chunks.push(chunk);
        },
        onResponseEnd: () => {
          if (status >= 300) return finish({ ok: false, errorKind: `http_${status}` });
          if (!reader) return finish(this.readBody(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
          reader.push(decoder!.end());
          const timing = reader.finish();
          finish({ ok: timing.errorKind === undefined, ...timing });
        },
        onResponseError: (_controller, error) => finish({ ok: false, errorKind: describeSocketError(error) }),
      });
    });
  }

  /** Encodes each distinct body once: the prompts repeat for the whole run. */
  private encode(body: string): Buffer {
    let bytes = this.bodies.get(body);
    if (bytes === undefined) {
      bytes = Buffer.from(body);
      this.bodies.set(body, bytes);
    }
    return bytes;
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

  async close(): Promise<void> {
    this.sweeper.stop();
    await this.pool.destroy();
  }
}
