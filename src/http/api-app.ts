import type Router from '@koa/router';
import Koa from 'koa';
import { errorMiddleware, type ErrorReporter } from './error-middleware.js';
import { requestIdMiddleware } from './request-id.js';
import { routeFallback } from './route-fallback.js';

export interface ApiAppOptions {
  /** Told about every error that is not an ApiError (bugs, broken dependencies), for logging. */
  readonly onError?: ErrorReporter;
  /** Middleware run after request ids and error handling, before the routes (auth, access logs). */
  readonly middleware?: readonly Koa.Middleware[];
}

/**
 * A Koa app serving `router` the way every server of ours does: request ids,
 * OpenAI-format errors for anything thrown, 404/405 for unrouted requests.
 */
export function createApiApp(router: Router, options: ApiAppOptions = {}): Koa {
  const app = new Koa();
  app.use(requestIdMiddleware());
  app.use(errorMiddleware(options.onError));
  for (const middleware of options.middleware ?? []) app.use(middleware);
  app.use(router.routes());
  app.use(routeFallback());
  // Koa reports errors raised after the middleware chain (e.g. while writing a body) here; its default prints them.
  app.on('error', (error: unknown, ctx: Koa.Context) => options.onError?.(error, ctx));
  return app;
}
