import type { IncomingMessage } from 'node:http';
import { ApiError, InvalidJsonError, InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';
import { exceedsJsonDepth } from './json-depth.js';
import { discardRestOfBody } from './lingering-close.js';

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

/**
 * Resolves with the whole body. With a Content-Length it resolves on the
 * chunk that completes it (Node's parser delivers no more than that): the
 * stream's 'end' comes two ticks later, and waiting for it cost a relayed
 * request about 15 µs before it could be sent upstream.
 */
function collectBody(req: IncomingMessage, limitBytes: number, declaredBytes: number): Promise<Buffer> {
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
        discardRestOfBody(req);
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
      if (received === declaredBytes) onEnd();
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

export interface JsonBodyLimits {
  /** Largest body read (413 beyond). */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and objects accepted (400 beyond). */
  readonly maxDepth: number;
}

/** A JSON request body: the bytes as they came (to forward unchanged) and their one parse. */
export interface JsonRequestBody {
  readonly bytes: Buffer;
  readonly value: unknown;
}

/**
 * Reads and parses a JSON request body. Throws 415 unless the body is
 * declared as JSON, 413 past `maxBytes` (checked against Content-Length
 * before reading a byte; the rest of the body is then discarded so the client
 * can read the answer), and 400 for an empty, malformed or too deeply nested
 * body.
 */
export async function readJsonRequest(req: IncomingMessage, limits: JsonBodyLimits): Promise<JsonRequestBody> {
  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const declared = req.headers['content-length'];
  const declaredBytes = declared === undefined ? -1 : Number(declared);
  if (declaredBytes > limits.maxBytes) {
    discardRestOfBody(req);
    throw new PayloadTooLargeError(limits.maxBytes);
  }
  const bytes = await collectBody(req, limits.maxBytes, declaredBytes);
  if (bytes.length === 0) throw new InvalidJsonError();
  if (exceedsJsonDepth(bytes, limits.maxDepth)) {
    throw new InvalidRequestError(`The request body nests arrays and objects deeper than ${limits.maxDepth} levels.`, null, 'json_too_deep');
  }
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    throw new InvalidJsonError(error);
  }
}

/** The parsed body of {@link readJsonRequest}, for handlers that do not forward the bytes. */
export async function readJsonBody(req: IncomingMessage, limits: JsonBodyLimits): Promise<unknown> {
  return (await readJsonRequest(req, limits)).value;
}
