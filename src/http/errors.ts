/**
 * Errors a client is meant to see, in OpenAI's vocabulary. Each carries the
 * HTTP status, OpenAI's `type` and a stable `code`; `errorMiddleware` turns
 * them into `{"error": {"message", "type", "param", "code"}}`. Anything else
 * thrown is a bug and becomes a generic 500.
 */
export interface ApiErrorOptions {
  /** Stable machine-readable code, e.g. `model_not_found`. */
  readonly code?: string | null;
  /** The request field at fault, e.g. `messages`. */
  readonly param?: string | null;
  /** Extra response headers, e.g. `retry-after` or `allow`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

export class ApiError extends Error {
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

/** 400: a field is missing, mistyped or out of range; `param` names it. */
export class InvalidRequestError extends ApiError {
  constructor(message: string, param: string | null = null, code: string | null = null) {
    super(400, 'invalid_request_error', message, { param, code });
  }
}

/** 400: the body is not valid JSON. */
export class InvalidJsonError extends ApiError {
  constructor(cause?: unknown) {
    super(400, 'invalid_request_error', 'The request body is not valid JSON.', { code: 'invalid_json', cause });
  }
}

/** 401: missing or wrong API key. The message never repeats the key. */
export class AuthenticationError extends ApiError {
  constructor(message = 'Incorrect or missing API key.') {
    super(401, 'invalid_request_error', message, { code: 'invalid_api_key' });
  }
}

/** 404: no route at this path. */
export class RouteNotFoundError extends ApiError {
  constructor(method: string, path: string) {
    super(404, 'invalid_request_error', `Unknown route: ${method} ${path}`, { code: 'not_found' });
  }
}

/** 404: the requested model is not served here. */
export class ModelNotFoundError extends ApiError {
  constructor(model: string) {
    super(404, 'invalid_request_error', `The model '${model}' does not exist.`, { code: 'model_not_found', param: 'model' });
  }
}

/** 405: the path exists but not for this method; `allow` lists the methods that do. */
export class MethodNotAllowedError extends ApiError {
  constructor(method: string, allowed: readonly string[]) {
    super(405, 'invalid_request_error', `Method ${method} is not allowed here; allowed: ${allowed.join(', ')}.`, {
      code: 'method_not_allowed',
      headers: { allow: allowed.join(', ') },
    });
  }
}

/** 413: the body is larger than the limit. The connection closes once the rest of the body is discarded (lingering close). */
export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, 'invalid_request_error', `The request body exceeds the limit of ${limitBytes} bytes.`, {
      code: 'request_too_large',
      headers: { connection: 'close' },
    });
  }
}

/** 415: the body is not declared as JSON. */
export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string | undefined) {
    super(415, 'invalid_request_error', `Content-Type must be application/json, got '${contentType ?? '(none)'}'.`, {
      code: 'unsupported_media_type',
    });
  }
}

/** 429: slow down; `retryAfterSeconds` becomes the `retry-after` header. */
export class RateLimitError extends ApiError {
  constructor(message: string, retryAfterSeconds?: number) {
    super(429, 'rate_limit_error', message, {
      code: 'rate_limit_exceeded',
      headers: retryAfterSeconds === undefined ? noHeaders : { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** 500 raised on purpose (not a bug): e.g. an injected fault or a failed dependency. */
export class InternalServerError extends ApiError {
  constructor(message = 'The server had an error while processing your request.', code = 'internal_error') {
    super(500, 'server_error', message, { code });
  }
}

/** 503: not serving now (draining, overloaded); `retryAfterSeconds` becomes `retry-after`. */
export class ServiceUnavailableError extends ApiError {
  constructor(message = 'The server is temporarily unable to serve this request.', retryAfterSeconds?: number) {
    super(503, 'server_error', message, {
      code: 'service_unavailable',
      headers: retryAfterSeconds === undefined ? noHeaders : { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** The OpenAI error object a client receives. */
export interface OpenAiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

export function toErrorBody(error: ApiError): OpenAiErrorBody {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
}
