import Router from '@koa/router';
import type Koa from 'koa';
import { apiKeyMiddleware } from './api-keys.js';
import { BackendPool } from './backend-pool.js';
import type { GatewayConfig } from './config.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { addGatewayRoutes } from './gateway-routes.js';
import { HealthProber } from './health-prober.js';
import type { JsonLogger } from './json-logger.js';
import { observeRequests } from './request-observer.js';
import { UpstreamProxy } from './upstream-proxy.js';
import { createApiApp, Readiness } from '../http/index.js';

export interface GatewayApp {
  readonly app: Koa;
  readonly pool: BackendPool;
  readonly metrics: GatewayMetrics;
  readonly prober: HealthProber;
  /** Shared with the server: `/readyz` turns 503 when it drains. */
  readonly readiness: Readiness;
}

/** The gateway as a Koa app, not yet listening, and the parts its server must start and stop. */
export function createGatewayApp(config: GatewayConfig, logger: JsonLogger): GatewayApp {
  let pool: BackendPool | undefined;
  const metrics = new GatewayMetrics(() => pool?.backends ?? []);
  pool = new BackendPool(
    config.backendUrls,
    { threshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs },
    (backend, state) => {
      metrics.breakerChanged(backend, state);
      logger.log(state === 'closed' ? 'info' : 'warn', 'breaker', { backend: backend.label, state });
    },
  );
  metrics.addBackends(pool.backends);
  const proxy = new UpstreamProxy(pool, {
    deadline: { totalMs: config.totalTimeoutMs, ttftMs: config.ttftTimeoutMs },
    idleTimeoutMs: config.idleTimeoutMs,
    retries: config.retries,
    backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
    backendApiKey: config.backendApiKey,
    connectTimeoutMs: config.connectTimeoutMs,
    headerTimeoutMs: config.upstreamHeaderTimeoutMs,
    answerTimeoutMs: config.upstreamAnswerTimeoutMs,
    answerLimitBytes: config.uncheckedAnswers ? undefined : config.answerLimitBytes,
  }, metrics);
  const prober = new HealthProber(pool.backends, {
    intervalMs: config.probeIntervalMs, timeoutMs: config.probeTimeoutMs, path: config.probePath,
  });
  const readiness = new Readiness();
  const router = new Router();
  addGatewayRoutes(router, {
    pool,
    proxy,
    metrics,
    readiness,
    bodyLimits: { maxBytes: config.bodyLimitBytes, maxDepth: config.jsonDepthLimit },
    modelsTimeoutMs: Math.min(config.ttftTimeoutMs, config.totalTimeoutMs),
    guard: config.apiKeys.length > 0 ? [apiKeyMiddleware(config.apiKeys)] : [],
  });
  const app = createApiApp(router, {
    middleware: [observeRequests(metrics, logger)],
    onError: (error) => logger.log('error', 'unexpected error', { error: (error as Error).stack ?? String(error) }),
  });
  return { app, pool, metrics, prober, readiness };
}
