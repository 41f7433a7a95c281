import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { AuthenticationError } from '../http/index.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks `Authorization: Bearer <key>` against the configured keys. Keys are
 * compared as SHA-256 digests with timingSafeEqual, and every key is compared
 * every time, so neither a key's length nor its position leaks through timing.
 */
export class ApiKeyChecker {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  isValid(presented: string): boolean {
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    return matched;
  }
}

/** The bearer token of an Authorization header; undefined when there is none. */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token.length > 0 ? token : undefined;
}

/** Throws a 401 in OpenAI's format unless `authorization` carries a valid key; the key itself is never echoed or logged. */
export function requireApiKey(checker: ApiKeyChecker, authorization: string | undefined): void {
  const token = readBearerToken(authorization);
  if (token === undefined) throw new AuthenticationError('Missing API key: send it as "Authorization: Bearer <key>".');
  if (!checker.isValid(token)) throw new AuthenticationError('Incorrect API key provided.');
}

/** {@link requireApiKey} as Koa middleware. */
export function apiKeyMiddleware(checker: ApiKeyChecker): Middleware {
  return function checkApiKey(ctx, next) {
    requireApiKey(checker, ctx.req.headers.authorization);
    return next();
  };
}
