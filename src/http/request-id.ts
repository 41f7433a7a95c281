import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';

export const requestIdHeader = 'x-request-id';

const maxLength = 128;

/** Visible ASCII only, so a client cannot inject header lines or garbage into our logs. */
function isAcceptableId(id: string | undefined): id is string {
  if (id === undefined || id.length === 0 || id.length > maxLength) return false;
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** The caller's `x-request-id` when it is sane, otherwise a new one. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  return isAcceptableId(incoming as string | undefined) ? incoming as string : randomUUID();
}

/**
 * Keeps the caller's `x-request-id` when it is sane, otherwise makes one,
 * stores it in `ctx.state.requestId` and echoes it on the response.
 */
export function requestIdMiddleware(): Middleware {
  return function assignRequestId(ctx, next) {
    const id = acceptRequestId(ctx.req.headers[requestIdHeader]);
    ctx.state.requestId = id;
    ctx.res.setHeader(requestIdHeader, id);
    return next();
  };
}

/** The id `requestIdMiddleware` assigned to this request. */
export function getRequestId(ctx: Context): string {
  return ctx.state.requestId as string;
}
