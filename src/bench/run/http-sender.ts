import type { ApiRequest, BenchApi } from './api-shape.js';
import { DeadlineSweeper } from './deadline-sweeper.js';
import { Http1Connection } from './http1-connection.js';
import { PendingRequest, type RequestOutcome } from './pending-request.js';

export type { RequestOutcome } from './pending-request.js';

export interface SenderOptions {
  readonly baseUrl: string;
  readonly api: BenchApi;
  readonly stream: boolean;
  readonly timeoutMs: number;
  readonly maxConnections: number;
  readonly apiKey?: string;
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
  private readonly queue: PendingRequest[] = [];
  private closing = false;

  constructor(private readonly options: SenderOptions) {
    this.url = new URL(options.baseUrl);
    this.sweeper = new DeadlineSweeper(options.timeoutMs);
    const auth = options.apiKey ? `authorization: Bearer ${options.apiKey}\r\n` : '';
    this.head = `host: ${this.url.host}\r\ncontent-type: application/json\r\naccept: */*\r\n${auth}`;
  }

  send(request: ApiRequest, startedAt: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      const pending = new PendingRequest(
        this.encode(request), startedAt, this.options.api, this.options.stream, this.options.timeoutMs,
        (settled, outcome) => {
          this.sweeper.remove(settled);
          const queued = settled.connection === undefined ? this.queue.indexOf(settled) : -1;
          if (queued >= 0) this.queue.splice(queued, 1);
          resolve(outcome);
        },
      );
      this.sweeper.add(pending);
      this.dispatch(pending);
    });
  }

  private dispatch(request: PendingRequest): void {
    const connection = this.idle.pop() ?? (this.connections.size < this.options.maxConnections ? this.connect() : undefined);
    if (connection === undefined) {
      this.queue.push(request);
      return;
    }
    request.connection = connection;
    connection.send(request.bytes, request);
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
    connection.send(next.bytes, next);
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

  async close(): Promise<void> {
    this.closing = true;
    this.sweeper.stop();
    for (const connection of [...this.connections]) connection.close();
  }
}
