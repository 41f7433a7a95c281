import net from 'node:net';
import tls from 'node:tls';

/** What one request hears back; exactly one of `onEnd` and `onError` is called. */
export interface ResponseHandler {
  /** The final status, and the Server-Timing header's value (lower-cased) when the response has one. */
  onStatus(status: number, serverTiming: string | undefined): void;
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
/** Largest status line plus headers (and trailers) accepted; Node's own client allows 16 KB. */
export const maxHeadBytes = 64 * 1024;
/** Largest chunk-size line (size and extensions). */
const maxChunkLineBytes = 4096;
const decimal = /^\d{1,15}$/;
const hexadecimal = /^[0-9a-f]{1,12}$/i;

function malformed(reason: string): MalformedResponseError {
  return new MalformedResponseError(reason);
}

/** The one body length the headers declare; any doubt about it (not a number, negative, two values) is malformed. */
function readContentLength(values: readonly string[]): number {
  const lengths = new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()));
  if (lengths.size !== 1) throw malformed('conflicting content-length');
  const [length] = [...lengths] as [string];
  if (!decimal.test(length)) throw malformed(`invalid content-length '${length.slice(0, 40)}'`);
  return Number(length);
}

function readHeaderLines(lines: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('malformed header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    const values = headers.get(name);
    if (values === undefined) headers.set(name, [value]);
    else values.push(value);
  }
  return headers;
}

/**
 * One keep-alive HTTP/1.1 connection that carries one request at a time.
 * Requests are written as prebuilt bytes and responses parsed with a small
 * state machine (content-length, chunked, or until close): autocannon's
 * approach, and what lets the load generator keep up with it. Anything it
 * cannot frame (a bad or conflicting content-length, a bad chunk size, a head
 * over {@link maxHeadBytes}, bytes nobody asked for) fails the request with a
 * MalformedResponseError and closes the connection: every step consumes bytes
 * or waits for more, and nothing is buffered past those limits.
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
    if (this.handler === undefined) {
      this.close(malformed('bytes received with no request outstanding'));
      return;
    }
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
    if (end < 0 || end > maxHeadBytes) {
      if (this.pending.length > maxHeadBytes) throw malformed(`response head over ${maxHeadBytes} bytes`);
      return false;
    }
    const lines = this.pending.toString('latin1', 0, end).split('\r\n');
    this.pending = this.pending.subarray(end + 4);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1]);
    if (!Number.isInteger(status)) throw malformed('malformed status line');
    if (status >= 100 && status < 200) return true;
    const headers = readHeaderLines(lines.slice(1));
    this.keepAlive = headers.get('connection')?.[0] !== 'close';
    const lengths = headers.get('content-length');
    const encoding = headers.get('transfer-encoding');
    if (encoding !== undefined && lengths !== undefined) throw malformed('both transfer-encoding and content-length');
    const bodyless = status === 204 || status === 304;
    if (encoding?.join(',').trim().endsWith('chunked')) this.body = { kind: 'chunked' };
    else if (bodyless) this.body = { kind: 'length', remaining: 0 };
    else if (lengths !== undefined) this.body = { kind: 'length', remaining: readContentLength(lengths) };
    else this.body = { kind: 'until-close' };
    this.chunkState = 'size';
    this.handler!.onStatus(status, headers.get('server-timing')?.[0]);
    if (this.body.kind === 'length' && this.body.remaining === 0) this.complete();
    return true;
  }

  private readChunked(): boolean {
    switch (this.chunkState) {
      case 'size': {
        const end = this.pending.indexOf(lineEnd);
        if (end < 0 || end > maxChunkLineBytes) {
          if (this.pending.length > maxChunkLineBytes) throw malformed('chunk-size line too long');
          return false;
        }
        const digits = this.pending.toString('latin1', 0, end).split(';')[0]!.trim();
        if (!hexadecimal.test(digits)) throw malformed('malformed chunk size');
        const size = parseInt(digits, 16);
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
        if (this.pending[0] !== 13 || this.pending[1] !== 10) throw malformed('chunk data not followed by CRLF');
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
    if (end < 0 || end > maxHeadBytes) {
      if (this.pending.length > maxHeadBytes) throw malformed(`trailers over ${maxHeadBytes} bytes`);
      return false;
    }
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
