import type { Context, Middleware } from 'koa';
import { ApiError, InternalServerError, toErrorBody } from './errors.js';

/** Called once for every error that is not an ApiError (a bug or a broken dependency), for logging. */
export type ErrorReporter = (error: unknown, ctx: Context) => void;

/**
 * Koa's own http-errors (`ctx.throw(400)`) carry `status` and `expose`: keep
 * their client-facing 4xx meaning instead of hiding them behind a 500.
 */
function fromHttpError(error: unknown): ApiError | undefined {
  const candidate = error as { status?: unknown; expose?: unknown; message?: unknown } | null;
  if (typeof candidate?.status !== 'number' || candidate.expose !== true || candidate.status >= 500) return undefined;
  return new ApiError(candidate.status, 'invalid_request_error', String(candidate.message));
}

function sendError(ctx: Context, error: ApiError): void {
  ctx.respond = true;
  ctx.status = error.status;
  for (const name in error.headers) ctx.set(name, error.headers[name]!);
  ctx.type = 'application/json';
  ctx.body = toErrorBody(error);
}

/**
 * The one place that decides what a client sees when something throws: an
 * ApiError becomes OpenAI's error object with its status and headers; any
 * other error is reported through `onError` and answered with a generic 500,
 * never its message or stack. Once a response has started (a stream), the
 * socket is destroyed so the client sees the failure instead of a clean end.
 */
export function errorMiddleware(onError?: ErrorReporter): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
    } catch (error) {
      const known = error instanceof ApiError ? error : fromHttpError(error);
      if (known === undefined) onError?.(error, ctx);
      if (ctx.headerSent) {
        ctx.res.destroy();
        return;
      }
      sendError(ctx, known ?? new InternalServerError());
    }
  };
}
