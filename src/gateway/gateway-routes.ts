import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { BackendPool } from './backend-pool.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { listModelsUnion } from './models-union.js';
import { addRelayedRoutes, type RelayDeps } from './relayed-routes.js';
import { getExchange } from './request-observer.js';
import { getRequestId, type Readiness } from '../http/index.js';

export interface GatewayRouteDeps {
  readonly pool: BackendPool;
  readonly relay: RelayDeps;
  readonly metrics: GatewayMetrics;
  readonly readiness: Readiness;
  readonly modelsTimeoutMs: number;
  /** Run before every API route (the API key check); health and metrics stay open for probes and scrapers. */
  readonly guard: readonly Middleware[];
}

const liveBody = JSON.stringify({ status: 'ok' });

function markQuiet(ctx: Context, route: string): void {
  getExchange(ctx).routeAs(route, true);
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
  addRelayedRoutes(router, deps.relay);
  router.get('/v1/models', ...deps.guard, async (ctx) => {
    getExchange(ctx).routeAs('/v1/models');
    ctx.body = await listModelsUnion(deps.pool.backends, getRequestId(ctx), deps.modelsTimeoutMs);
  });
  addOperationalRoutes(router, deps);
}
