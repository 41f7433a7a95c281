import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { readCompletionTokens, type ApiRequest, type BenchApi } from './api-shape.js';
import { DeadlineSweeper, type Deadline } from './deadline-sweeper.js';
import { Http1Connection, type ResponseHandler } from './http1-connection.js';
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

function describeSocketError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection_refused';
    case 'ECONNRESET': case 'EPIPE': return 'connection_reset';
    case 'BENCH_MALFORMED_RESPONSE': return 'invalid_response';
    default: return error.code ? `network_${error.code.toLowerCase()}` : 'network';
  }
}

interface Job {
  readonly bytes: Buffer;
  readonly handler: ResponseHandler;
  connection?: Http1Connection;
}

/**
 * Sends requests over at most `maxConnections` keep-alive HTTP/1.1
 * connections of our own (see Http1Connection). node-fetch, node:http and
 * even undici's Pool left the load generator well below autocannon's rate on
 * the same server; prebuilt request bytes and a small response parser do not
 * (numbers in the README).
 */
export class HttpSender {
  private readonly url: URL;
  private readonly head: string;
  private readonly requests = new Map<string, Buffer>();
  private readonly sweeper: DeadlineSweeper;
  private readonly connections = new Set<Http1Connection>();
  private readonly idle: Http1Connection[] = [];
  private readonly queue: Job[] = [];
  private closing = false;

  constructor(private readonly options: SenderOptions) {
    this.url = new URL(options.baseUrl);
    this.sweeper = new DeadlineSweeper(options.timeoutMs);
    const auth = options.apiKey ? `authorization: Bearer ${options.apiKey}\r\n` : '';
    this.head = `host: ${this.url.host}\r\ncontent-type: application/json\r\naccept: */*\r\n${auth}`;
  }

  send(request: ApiRequest, startedAt: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<RequestOutcome, 'latencyMs'>): void => {
        if (settled) return;
        settled = true;
        this.sweeper.remove(deadline);
        resolve({ ...outcome, latencyMs: performance.now() - startedAt });
      };
      const chunks: Buffer[] = [];
      let status = 0;
      let reader: StreamReader | undefined;
      let decoder: StringDecoder | undefined;
      const job: Job = {
        bytes: this.encode(request),
        handler: {
          onStatus: (statusCode) => {
            status = statusCode;
            if (status < 300 && this.options.stream) {
              reader = new StreamReader(startedAt);
              decoder = new StringDecoder('utf8');
            }
          },
          onData: (chunk) => {
            if (status >= 300) return;
            if (reader) reader.push(decoder!.write(chunk));
            else chunks.push(chunk);
          },
          onEnd: () => {
            if (status >= 300) return finish({ ok: false, errorKind: `http_${status}` });
            if (!reader) return finish(this.readBody(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
            reader.push(decoder!.end());
            const timing = reader.finish();
            finish({ ok: timing.errorKind === undefined, ...timing });
          },
          onError: (error) => finish({ ok: false, errorKind: describeSocketError(error) }),
        },
      };
      const deadline: Deadline = {
        at: performance.now() + this.options.timeoutMs,
        expire: () => {
          finish({ ok: false, errorKind: 'timeout' });
          const queued = this.queue.indexOf(job);
          if (queued >= 0) this.queue.splice(queued, 1);
          job.connection?.close(new Error('timeout'));
        },
      };
      this.sweeper.add(deadline);
      this.dispatch(job);
    });
  }

  private dispatch(job: Job): void {
    const connection = this.idle.pop() ?? (this.connections.size < this.options.maxConnections ? this.connect() : undefined);
    if (connection === undefined) {
      this.queue.push(job);
      return;
    }
    job.connection = connection;
    connection.send(job.bytes, job.handler);
  }

  private connect(): Http1Connection {
    const connection = new Http1Connection(this.url, (idle) => this.release(idle), (closed) => this.forget(closed));
    this.connections.add(connection);
    return connection;
  }

  private release(connection: Http1Connection): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.idle.push(connection);
      return;
    }
    next.connection = connection;
    connection.send(next.bytes, next.handler);
  }

  private forget(connection: Http1Connection): void {
    this.connections.delete(connection);
    const idle = this.idle.indexOf(connection);
    if (idle >= 0) this.idle.splice(idle, 1);
    const next = this.queue.shift();
    if (next !== undefined && !this.closing) this.dispatch(next);
  }

  /** Builds each distinct request's bytes once: the prompts repeat for the whole run. */
  private encode(request: ApiRequest): Buffer {
    let bytes = this.requests.get(request.body);
    if (bytes === undefined) {
      const path = `${this.url.pathname.replace(/\/$/, '')}${request.path}`;
      const head = `POST ${path} HTTP/1.1\r\n${this.head}content-length: ${Buffer.byteLength(request.body)}\r\n\r\n`;
      bytes = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(request.body)]);
      this.requests.set(request.body, bytes);
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
    this.closing = true;
    this.sweeper.stop();
    for (const connection of [...this.connections]) connection.close();
  }
}
