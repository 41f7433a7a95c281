import type { IncomingMessage } from 'node:http';
import { ApiError, InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';

const jsonType = 'application/json';

/** True for `application/json`, any case, with or without parameters such as `; charset=utf-8`. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.length < jsonType.length) return false;
  const prefix = header.startsWith(jsonType) ? jsonType : header.slice(0, jsonType.length).toLowerCase();
  if (prefix !== jsonType) return false;
  const next = header.charCodeAt(jsonType.length);
  return Number.isNaN(next) || next === 0x3b /* ; */ || next === 0x20 /* space */;
}

/** The client went away while we were reading its body; nobody will see the answer (status as nginx's 499). */
export class ClientClosedRequestError extends ApiError {
  constructor() {
    super(499, 'invalid_request_error', 'The client closed the request before sending its body.', { code: 'client_closed_request' });
  }
}

function collectBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFailure);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onFailure = (): void => {
      cleanup();
      reject(new ClientClosedRequestError());
    };
    const onClose = (): void => {
      if (!req.complete) onFailure();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFailure);
    req.on('close', onClose);
  });
}

/**
 * Reads and parses a JSON request body. Throws 415 unless the body is
 * declared as JSON, 413 past `limitBytes` (checked against Content-Length
 * before reading a byte), and 400 for an empty or malformed body.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const raw = await collectBody(req, limitBytes);
  if (raw.length === 0) throw new InvalidJsonError();
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    throw new InvalidJsonError(error);
  }
}
