export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * How long to wait before retry number `retry` (1 for the first): "full
 * jitter" (a uniform draw up to base * 2^(retry-1), capped), so that clients
 * failing together do not retry together. A `retry-after` the backend sent
 * is a floor, still capped by `maxMs`.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions, retryAfterMs = 0, random = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.min(options.maxMs, Math.max(retryAfterMs, random() * ceiling));
}

/** A `retry-after` header (delay in seconds or an HTTP date) in ms; 0 when absent or unreadable. */
export function parseRetryAfterMs(header: string | string[] | undefined, now = Date.now()): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.length === 0) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now);
}
