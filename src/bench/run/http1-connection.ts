import net from 'node:net';
import tls from 'node:tls';

/** What one request hears back; exactly one of `onEnd` and `onError` is called. */
export interface ResponseHandler {
  onStatus(status: number): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(error: Error & { code?: string }): void;
}

export class MalformedResponseError extends Error {
  readonly code = 'BENCH_MALFORMED_RESPONSE';
}

type BodyMode = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'until-close' };

const headEnd = Buffer.from('\r\n\r\n');
const lineEnd = Buffer.from('\r\n');

/**
 * One keep-alive HTTP/1.1 connection that carries one request at a time.
 * Requests are written as prebuilt bytes and responses parsed with a small
 * state machine (content-length, chunked, or until close): autocannon's
 * approach, and what lets the load generator keep up with it.
 */
export class Http1Connection {
  private readonly socket: net.Socket;
  private handler: ResponseHandler | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private body: BodyMode | undefined;
  private chunkState: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  private chunkRemaining = 0;
  private keepAlive = true;
  closed = false;

  constructor(
    url: URL,
    private readonly onIdle: (connection: Http1Connection) => void,
    private readonly onClosed: (connection: Http1Connection) => void,
  ) {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    this.socket = url.protocol === 'https:'
      ? tls.connect({ host: url.hostname, port, servername: url.hostname })
      : net.connect({ host: url.hostname, port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.close(error));
    this.socket.on('close', () => this.close());
  }

  get busy(): boolean {
    return this.handler !== undefined;
  }

  send(bytes: Buffer, handler: ResponseHandler): void {
    this.handler = handler;
    this.body = undefined;
    this.socket.write(bytes);
  }

  /** Ends the connection; a request still on it fails with `error` (a reset when none is given). */
  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const handler = this.handler;
    this.handler = undefined;
    if (handler && this.body?.kind === 'until-close' && error === undefined) handler.onEnd();
    else handler?.onError(error ?? Object.assign(new Error('socket closed'), { code: 'ECONNRESET' }));
    this.onClosed(this);
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    try {
      while (this.handler && this.pending.length > 0 && this.step());
    } catch (error) {
      this.close(error as Error);
    }
  }

  /** Consumes what it can of `pending`; false when it needs more bytes. */
  private step(): boolean {
    if (this.body === undefined) return this.readHead();
    if (this.body.kind === 'length') {
      const take = Math.min(this.body.remaining, this.pending.length);
      this.deliver(take);
      this.body.remaining -= take;
      if (this.body.remaining === 0) this.complete();
      return true;
    }
    if (this.body.kind === 'until-close') {
      this.deliver(this.pending.length);
      return true;
    }
    return this.readChunked();
  }

  private readHead(): boolean {
    const end = this.pending.indexOf(headEnd);
    if (end < 0) return false;
    const lines = this.pending.toString('latin1', 0, end).split('\r\n');
    this.pending = this.pending.subarray(end + 4);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1]);
    if (!Number.isInteger(status)) throw new MalformedResponseError('malformed status line');
    if (status >= 100 && status < 200) return true;
    const headers = new Map(lines.slice(1).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim().toLowerCase()] as const;
    }));
    this.keepAlive = headers.get('connection') !== 'close';
    const length = headers.get('content-length');
    const bodyless = status === 204 || status === 304;
    if (headers.get('transfer-encoding')?.includes('chunked')) this.body = { kind: 'chunked' };
    else if (length !== undefined || bodyless) this.body = { kind: 'length', remaining: bodyless ? 0 : Number(length) };
    else this.body = { kind: 'until-close' };
    this.chunkState = 'size';
    this.handler!.onStatus(status);
    if (this.body.kind === 'length' && this.body.remaining === 0) this.complete();
    return true;
  }

  private readChunked(): boolean {
    switch (this.chunkState) {
      case 'size': {
        const end = this.pending.indexOf(lineEnd);
        if (end < 0) return false;
        const size = parseInt(this.pending.toString('latin1', 0, end).split(';')[0], 16);
        if (!Number.isFinite(size)) throw new MalformedResponseError('malformed chunk size');
        this.pending = this.pending.subarray(end + 2);
        this.chunkRemaining = size;
        this.chunkState = size === 0 ? 'trailers' : 'data';
        return true;
      }
      case 'data': {
        const take = Math.min(this.chunkRemaining, this.pending.length);
        this.deliver(take);
        this.chunkRemaining -= take;
        if (this.chunkRemaining === 0) this.chunkState = 'data-end';
        return true;
      }
      case 'data-end':
        if (this.pending.length < 2) return false;
        this.pending = this.pending.subarray(2);
        this.chunkState = 'size';
        return true;
      default:
        return this.readTrailers();
    }
  }

  /** After the last chunk: a blank line, or trailer fields ended by one. */
  private readTrailers(): boolean {
    if (this.pending.length < 2) return false;
    const end = this.pending[0] === 13 && this.pending[1] === 10 ? 0 : this.pending.indexOf(headEnd);
    if (end < 0) return false;
    this.pending = this.pending.subarray(end === 0 ? 2 : end + 4);
    this.complete();
    return true;
  }

  private deliver(length: number): void {
    if (length === 0) return;
    this.handler!.onData(this.pending.subarray(0, length));
    this.pending = this.pending.subarray(length);
  }

  private complete(): void {
    const handler = this.handler!;
    this.handler = undefined;
    this.body = undefined;
    this.pending = Buffer.alloc(0);
    handler.onEnd();
    if (this.keepAlive) this.onIdle(this);
    else this.close();
  }
}
