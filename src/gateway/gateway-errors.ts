import { ApiError } from '../http/index.js';

/**
 * What the gateway tells a client when the upstream side fails. Before the
 * first byte these become an HTTP error response; after it, an SSE error frame.
 */
export type TimeoutPhase = 'first_byte' | 'idle' | 'total';

const timeoutWording: Record<TimeoutPhase, string> = {
  first_byte: 'No response from the backend within the first-byte timeout',
  idle: 'The backend sent nothing within the idle timeout',
  total: 'The request did not complete within the gateway timeout',
};

/** 504: one of the request's deadlines passed. */
export class GatewayTimeoutError extends ApiError {
  constructor(readonly phase: TimeoutPhase, limitMs: number) {
    super(504, 'timeout_error', `${timeoutWording[phase]} (${limitMs} ms).`, { code: `${phase}_timeout` });
  }
}

/** 502: every try failed to get a usable answer from a backend (refused, reset, cut). */
export class UpstreamUnavailableError extends ApiError {
  constructor(detail: string, cause?: unknown) {
    super(502, 'server_error', `The backend could not be reached or failed: ${detail}.`, { code: 'upstream_error', cause });
  }
}

/** 502: a backend's non-streaming 2xx answer was not a complete JSON object within the size limit. */
export class MalformedAnswerError extends ApiError {
  constructor(detail: string) {
    super(502, 'server_error', `The backend sent a malformed answer: ${detail}.`, { code: 'upstream_malformed_answer' });
  }
}

/** 503: every backend's circuit breaker is open, or the gateway is shutting down. */
export class NoBackendAvailableError extends ApiError {
  constructor(message = 'No backend is available: every circuit breaker is open.', retryAfterSeconds = 1) {
    super(503, 'server_error', message, { code: 'no_backend_available', headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

/** A stream broke after its first byte reached the client: sent as the closing SSE error frame. */
export class StreamInterruptedError extends ApiError {
  constructor(reason: 'cut' | 'malformed_chunk' | 'reset', readonly detail: string) {
    super(502, 'server_error', `The backend stream failed part-way: ${detail}.`, { code: `upstream_stream_${reason}` });
  }
}

/** The client disconnected: nobody will read the answer (logged and counted as 499, like nginx). */
export class ClientGoneError extends ApiError {
  constructor() {
    super(499, 'invalid_request_error', 'The client closed the connection.', { code: 'client_closed_request' });
  }
}
