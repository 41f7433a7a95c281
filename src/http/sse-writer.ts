import { once } from 'node:events';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Context } from 'koa';

// No `connection` header: Node sends keep-alive or close as the connection will really go. A fixed `keep-alive`
// told a client that had asked for close to reuse a socket this server was closing.
const sseHeaders: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // Stops nginx-style proxies from buffering the stream.
  'x-accel-buffering': 'no',
};

const doneFrame = 'data: [DONE]\n\n';

/**
 * Writes a Server-Sent Events response straight to the socket, bypassing
 * Koa's body handling: each frame is one write, headers go out at once (so a
 * client sees the stream start before the first token), and the caller can
 * end cleanly with `[DONE]` or destroy the socket to simulate a failure.
 */
export class SseWriter {
  /** Takes over the response of `ctx` and sends the status and SSE headers now. */
  static open(ctx: Context, status = 200, headers: OutgoingHttpHeaders = {}): SseWriter {
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(status, { ...sseHeaders, ...headers });
    res.flushHeaders();
    return new SseWriter(res);
  }

  private constructor(private readonly res: ServerResponse) {}

  /** False once the stream has ended or the client has gone. */
  get isOpen(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** Sends `data: <data>\n\n`; returns false when the socket buffer is full (see `drain`). */
  sendData(data: string): boolean {
    return this.res.write(`data: ${data}\n\n`);
  }

  sendJson(value: unknown): boolean {
    return this.sendData(JSON.stringify(value));
  }

  /** Sends bytes as they are, e.g. frames relayed from an upstream. */
  sendRaw(chunk: string | Uint8Array): boolean {
    return this.res.write(chunk);
  }

  /** Resolves when the socket can take more data, or it has closed. */
  async drain(): Promise<void> {
    if (!this.isOpen || !this.res.writableNeedDrain) return;
    await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
  }

  /** Ends the stream, by default after the `data: [DONE]` frame. */
  end(sendDone = true): void {
    if (!this.isOpen) return;
    if (sendDone) this.res.end(doneFrame);
    else this.res.end();
  }

  /** Kills the connection mid-stream, after the frames already written: the client sees a broken stream, not an end. */
  destroy(): void {
    // Node corks the socket until the next tick after each chunked write; flush first or those frames are lost.
    const socket = this.res.socket;
    while (socket !== null && socket.writableCorked > 0) socket.uncork();
    this.res.destroy();
  }

  /** Runs `listener` once when the response closes, whether it ended or the client left. */
  onClose(listener: () => void): void {
    this.res.once('close', listener);
  }
}
