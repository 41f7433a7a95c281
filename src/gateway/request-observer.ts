import type { Context, Middleware } from 'koa';
import { Exchange } from './exchange.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { JsonLogger } from './json-logger.js';
import { ApiError, getRequestId } from '../http/index.js';

const toSeconds = 1 / 1000;

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}

/** The exchange of the request being served (set by {@link observeRequests}). */
export function getExchange(ctx: Context): Exchange {
  return ctx.state.exchange as Exchange;
}

/**
 * Counts, times and logs every request: one JSON line each (id, route,
 * status, backend, tries, duration, time to first byte; never keys or prompt
 * text), and the request metrics. A client that left is logged as 499.
 */
export function observeRequests(metrics: GatewayMetrics, logger: JsonLogger): Middleware {
  return async function observeRequest(ctx, next) {
    const exchange = new Exchange(ctx.res, getRequestId(ctx));
    ctx.state.exchange = exchange;
    metrics.inFlight++;
    try {
      await next();
      exchange.end(ctx.status);
    } catch (error) {
      const known = error instanceof ApiError ? error : undefined;
      exchange.end(known?.status ?? 500, known?.code ?? 'internal_error');
      throw error;
    } finally {
      metrics.inFlight--;
      endExchange(exchange, ctx.method, metrics, logger);
    }
  };
}

/** Counts, times and logs one finished exchange. */
export function endExchange(exchange: Exchange, method: string, metrics: GatewayMetrics, logger: JsonLogger): void {
  const { record } = exchange;
  const durationMs = performance.now() - record.startedAt;
  const { route } = record;
  const routeMetrics = metrics.forRoute(route);
  if (record.status === 499) routeMetrics.cancelled++;
  routeMetrics.countStatus(record.status);
  routeMetrics.duration.observe(durationMs * toSeconds);
  if (record.firstByteMs !== undefined) routeMetrics.timeToFirstByte.observe(record.firstByteMs * toSeconds);
  if (record.tries > 0) routeMetrics.tries.observe(record.tries);
  if (record.errorCode !== undefined && record.firstByteMs !== undefined) metrics.streamErrors.inc({ code: record.errorCode });
  const level = record.quiet && record.status < 400 ? 'debug' : record.status >= 500 ? 'warn' : 'info';
  if (!logger.enabled(level)) return;
  logger.log(level, 'request', {
    request_id: exchange.requestId,
    method,
    route,
    status: record.status,
    model: record.model,
    backend: record.backend,
    tries: record.tries,
    duration_ms: round(durationMs),
    ttfb_ms: round(record.firstByteMs),
    upstream_ms: round(record.upstreamMs),
    error: record.errorCode,
  });
}
