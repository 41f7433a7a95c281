import type { Middleware } from 'koa';
import type { BackendMetrics } from './metrics.js';
import { ApiError } from '../http/index.js';

/**
 * Counts every request by method, matched route pattern (never the raw path,
 * which would let clients blow up the label set) and final status. Status 0
 * means no response at all (the `reset` fault).
 */
export function countRequests(metrics: BackendMetrics): Middleware {
  return async function countRequest(ctx, next) {
    let status = 500;
    try {
      await next();
      status = ctx.respond === false && !ctx.res.headersSent ? 0 : ctx.status;
    } catch (error) {
      if (error instanceof ApiError) status = error.status;
      throw error;
    } finally {
      metrics.countRequest(ctx.method, (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched', status);
    }
  };
}
