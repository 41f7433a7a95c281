import type { RouterContext } from '@koa/router';
import type { Middleware } from 'koa';
import { MethodNotAllowedError, RouteNotFoundError } from './errors.js';

const maxEchoedPath = 200;

/**
 * Goes after `router.routes()`: reached only when no route took the request.
 * A path that exists for other methods gets 405 with `Allow`; any other path
 * gets 404. Both in OpenAI's error format, via the error middleware.
 */
export function routeFallback(): Middleware {
  return function rejectUnroutedRequest(ctx) {
    const allowed = new Set<string>();
    for (const layer of (ctx as unknown as RouterContext).matched ?? []) {
      for (const method of layer.methods) allowed.add(method);
    }
    if (allowed.size > 0) throw new MethodNotAllowedError(ctx.method, [...allowed]);
    throw new RouteNotFoundError(ctx.method, ctx.path.slice(0, maxEchoedPath));
  };
}
