import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from '../http/index.js';

/** A non-negative integer header, or `fallback` when absent; anything else is the client's mistake. */
export function readIntegerHeader(headers: IncomingHttpHeaders, name: string, fallback: number): number {
  const raw = headers[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidRequestError(`Header '${name}' must be a non-negative integer, got '${String(raw)}'.`, name);
  }
  return value;
}
