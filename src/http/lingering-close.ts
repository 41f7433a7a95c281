import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How much of a rejected body is still read and thrown away after the answer, at most (nginx lingers 30 s). */
const lingerLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 5_000 } as const;

function halfClose(this: Socket): void {
  this.end();
}

function destroyWhenWritten(socket: Socket): void {
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}

/**
 * Keeps a rejected request's answer (a 413) readable while its client is
 * still sending, as nginx's lingering close does. Node ends a
 * `connection: close` response with `socket.destroySoon()`; closing a socket
 * with unread bytes makes the kernel send a reset, which can wipe the answer
 * from the client's buffer before it reads it (and the client sees EPIPE).
 * Instead the socket is half-closed after the answer and the rest of the body
 * is read and discarded until it ends, or for at most `lingerLimits`, then closed.
 */
export function discardRestOfBody(req: IncomingMessage): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  // An own property shadows net.Socket's method for this one socket only.
  socket.destroySoon = halfClose;
  const timer = setTimeout(() => socket.destroy(), lingerLimits.maxMs);
  socket.once('close', () => clearTimeout(timer));
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > lingerLimits.maxBytes) socket.destroy();
  });
  req.once('end', () => destroyWhenWritten(socket));
  req.resume();
}
