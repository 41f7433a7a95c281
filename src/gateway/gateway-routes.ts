import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { BackendPool } from './backend-pool.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { listModelsUnion } from './models-union.js';
import { getExchange } from './request-observer.js';
import type { UpstreamProxy } from './upstream-proxy.js';
import {
  checkNumericParams, expectJsonObject, getRequestId, readJsonRequest, type JsonBodyLimits, type Readiness,
} from '../http/index.js';

export interface GatewayRouteDeps {
  readonly pool: BackendPool;
  readonly proxy: UpstreamProxy;
  readonly metrics: GatewayMetrics;
  readonly readiness: Readiness;
  readonly bodyLimits: JsonBodyLimits;
  readonly modelsTimeoutMs: number;
  /** Run before every API route (the API key check); health and metrics stay open for probes and scrapers. */
  readonly guard: readonly Middleware[];
}

/** The OpenAI routes the gateway relays; each is safe to repeat on another backend until its first byte is sent. */
const relayedRoutes = ['/v1/chat/completions', '/v1/completions', '/generate'] as const;

const liveBody = JSON.stringify({ status: 'ok' });

function markQuiet(ctx: Context, route: string): void {
  getExchange(ctx).routeAs(route, true);
}

function addRelayedRoutes(router: Router, deps: GatewayRouteDeps): void {
  for (const route of relayedRoutes) {
    router.post(route, ...deps.guard, async (ctx) => {
      const exchange = getExchange(ctx);
      exchange.routeAs(route);
      // One parse, to route and to refuse what no backend should see; the backend gets the client's bytes as they came.
      const { bytes, value } = await readJsonRequest(ctx.req, deps.bodyLimits);
      const body = expectJsonObject(value);
      checkNumericParams(body);
      if (typeof body.model === 'string') exchange.ask(body.model);
      ctx.respond = false;
      await deps.proxy.forward({
        method: 'POST',
        path: ctx.url,
        body: bytes,
        requestId: getRequestId(ctx),
        model: exchange.record.model,
        retryable: true,
        stream: body.stream === true,
      }, ctx.req.headers, ctx.res, exchange);
    });
  }
}

function describeBackends(pool: BackendPool): object[] {
  return pool.backends.map((backend) => ({
    url: backend.label,
    breaker: backend.breaker.state,
    consecutive_failures: backend.breaker.consecutiveFailures,
    outstanding: backend.outstanding,
  }));
}

function addOperationalRoutes(router: Router, deps: GatewayRouteDeps): void {
  router.get(['/healthz', '/health'], (ctx) => {
    markQuiet(ctx, '/healthz');
    ctx.type = 'application/json';
    ctx.body = liveBody;
  });
  router.get(['/readyz', '/ready'], (ctx) => {
    markQuiet(ctx, '/readyz');
    const usable = deps.pool.isUsable(performance.now());
    const status = !deps.readiness.isReady ? deps.readiness.state : usable ? 'ready' : 'no_backend_available';
    ctx.status = status === 'ready' ? 200 : 503;
    ctx.body = { status, backends: describeBackends(deps.pool) };
  });
  router.get('/metrics', async (ctx) => {
    markQuiet(ctx, '/metrics');
    const { contentType, text } = await deps.metrics.expose();
    ctx.type = contentType;
    ctx.body = text;
  });
}

/** Every route of the gateway. */
export function addGatewayRoutes(router: Router, deps: GatewayRouteDeps): void {
  addRelayedRoutes(router, deps);
  router.get('/v1/models', ...deps.guard, async (ctx) => {
    getExchange(ctx).routeAs('/v1/models');
    ctx.body = await listModelsUnion(deps.pool.backends, getRequestId(ctx), deps.modelsTimeoutMs);
  });
  addOperationalRoutes(router, deps);
}
