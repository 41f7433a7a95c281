import type { ServerResponse } from 'node:http';
import { toErrorBody, type ApiError } from './errors.js';

/**
 * Writes an ApiError as OpenAI's error object on a plain node:http response,
 * for handlers that run outside Koa (the gateway's relayed routes); once the
 * response has started, the socket is destroyed so the client sees the
 * failure instead of a clean end, as errorMiddleware does.
 */
export function writeErrorResponse(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(toErrorBody(error));
  res.writeHead(error.status, { ...error.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
