import type { Context, Middleware } from 'koa';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { JsonLogger } from './json-logger.js';
import { RequestRecord } from './request-record.js';
import { ApiError, getRequestId } from '../http/index.js';

const toSeconds = 1 / 1000;

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}

/** The record of the request being served (set by {@link observeRequests}). */
export function getRecord(ctx: Context): RequestRecord {
  return ctx.state.record as RequestRecord;
}

/**
 * Counts, times and logs every request: one JSON line each (id, route,
 * status, backend, tries, duration, time to first byte; never keys or prompt
 * text), and the request metrics. A client that left is logged as 499.
 */
export function observeRequests(metrics: GatewayMetrics, logger: JsonLogger): Middleware {
  return async function observeRequest(ctx, next) {
    const record = new RequestRecord(performance.now());
    ctx.state.record = record;
    metrics.inFlight.inc();
    try {
      await next();
      if (record.status === 0) record.status = ctx.status;
    } catch (error) {
      const known = error instanceof ApiError ? error : undefined;
      record.status = known?.status ?? 500;
      record.errorCode ??= known?.code ?? 'internal_error';
      throw error;
    } finally {
      metrics.inFlight.dec();
      if (record.cancelled || record.status === 499) {
        record.status = 499;
        metrics.cancelled.inc({ route: record.route });
      }
      report(ctx, record, metrics, logger);
    }
  };
}

function report(ctx: Context, record: RequestRecord, metrics: GatewayMetrics, logger: JsonLogger): void {
  const durationMs = performance.now() - record.startedAt;
  const { route } = record;
  metrics.requests.inc({ route, status: record.status });
  metrics.duration.observe({ route }, durationMs * toSeconds);
  if (record.firstByteMs !== undefined) metrics.timeToFirstByte.observe({ route }, record.firstByteMs * toSeconds);
  if (record.tries > 0) metrics.tries.observe({ route }, record.tries);
  if (record.errorCode !== undefined && record.firstByteMs !== undefined) metrics.streamErrors.inc({ code: record.errorCode });
  const level = record.quiet && record.status < 400 ? 'debug' : record.status >= 500 ? 'warn' : 'info';
  if (!logger.enabled(level)) return;
  logger.log(level, 'request', {
    request_id: getRequestId(ctx),
    method: ctx.method,
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
