import type { RequestListener } from 'node:http';
import Router from '@koa/router';
import type Koa from 'koa';
import { apiKeyMiddleware, ApiKeyChecker } from './api-keys.js';
import { BackendDiscovery, dnsServerResolver, isDiscoverable, resolveWithSystem } from './backend-discovery.js';
import { BackendPool } from './backend-pool.js';
import type { GatewayConfig } from './config.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { addGatewayRoutes } from './gateway-routes.js';
import { HealthProber } from './health-prober.js';
import type { JsonLogger } from './json-logger.js';
import { refreshModels } from './models-union.js';
import { relayAheadOfKoa, type RelayDeps } from './relayed-routes.js';
import { observeRequests } from './request-observer.js';
import { UpstreamProxy } from './upstream-proxy.js';
import { createApiApp, Readiness } from '../http/index.js';

export interface GatewayApp {
  /** The relayed routes ahead of Koa, then the Koa app: what the server calls. */
  readonly listener: RequestListener;
  readonly app: Koa;
  readonly pool: BackendPool;
  readonly metrics: GatewayMetrics;
  readonly prober: HealthProber;
  /** Follows the DNS names among the backend URLs; it has none when discovery is off. */
  readonly discovery: BackendDiscovery;
  /** Shared with the server: `/readyz` turns 503 when it drains. */
  readonly readiness: Readiness;
}

/** The gateway as a Koa app, not yet listening, and the parts its server must start and stop. */
export function createGatewayApp(config: GatewayConfig, logger: JsonLogger): GatewayApp {
  const metrics = new GatewayMetrics();
  const discovered = config.discoveryIntervalMs > 0 ? config.backendUrls.filter((url) => isDiscoverable(new URL(url))) : [];
  const pool = new BackendPool(
    config.backendUrls.filter((url) => !discovered.includes(url)),
    { threshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs, probed: config.probeIntervalMs > 0 },
    (backend, state) => {
      metrics.breakerChanged(backend, state);
      logger.log(state === 'closed' ? 'info' : 'warn', 'breaker', { backend: backend.label, state });
    },
    { connectTimeoutMs: config.connectTimeoutMs },
  );
  metrics.watchPool(pool);
  const proxy = new UpstreamProxy(pool, {
    deadline: { totalMs: config.totalTimeoutMs, ttftMs: config.ttftTimeoutMs },
    idleTimeoutMs: config.idleTimeoutMs,
    retries: config.retries,
    backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
    backendApiKey: config.backendApiKey,
    headerTimeoutMs: config.upstreamHeaderTimeoutMs,
    answerTimeoutMs: config.upstreamAnswerTimeoutMs,
    answerLimitBytes: config.uncheckedAnswers ? undefined : config.answerLimitBytes,
  }, metrics);
  const prober = new HealthProber(pool.backends, {
    intervalMs: config.probeIntervalMs, timeoutMs: config.probeTimeoutMs, path: config.probePath,
  });
  const discovery = createDiscovery(config, pool, discovered.map((url) => new URL(url)), metrics, logger);
  const readiness = new Readiness();
  const apiKeys = config.apiKeys.length > 0 ? new ApiKeyChecker(config.apiKeys) : undefined;
  const onError = (error: unknown): void => logger.log('error', 'unexpected error', { error: (error as Error).stack ?? String(error) });
  const relay: RelayDeps = {
    proxy, metrics, logger, apiKeys, onError, bodyLimits: { maxBytes: config.bodyLimitBytes, maxDepth: config.jsonDepthLimit },
  };
  const router = new Router();
  addGatewayRoutes(router, {
    pool,
    relay,
    metrics,
    readiness,
    modelsTimeoutMs: Math.min(config.ttftTimeoutMs, config.totalTimeoutMs),
    guard: apiKeys === undefined ? [] : [apiKeyMiddleware(apiKeys)],
  });
  const app = createApiApp(router, { middleware: [observeRequests(metrics, logger)], onError });
  return { listener: relayAheadOfKoa(relay, app.callback()), app, pool, metrics, prober, discovery, readiness };
}

function createDiscovery(
  config: GatewayConfig, pool: BackendPool, urls: readonly URL[], metrics: GatewayMetrics, logger: JsonLogger,
): BackendDiscovery {
  const resolve = config.dnsServers.length > 0 ? dnsServerResolver(config.dnsServers) : resolveWithSystem;
  return new BackendDiscovery(pool, urls, { intervalMs: config.discoveryIntervalMs, resolve }, {
    resolved: (source, addresses) => metrics.discoveryResolved(source, addresses),
    failed: (source, error) => {
      metrics.discoveryFailed(source);
      const kept = pool.backends.filter((backend) => backend.source === source).length;
      logger.log('warn', 'discovery failed', { source, error: error.message, kept });
    },
    added: (source, backend) => {
      metrics.addBackends([backend]);
      // Until its model list is known it may be picked for any model; fetch it now rather than at the next probe.
      void refreshModels(backend, {}, config.probeTimeoutMs);
      logger.log('info', 'backend added', { source, backend: backend.label });
    },
    removed: (source, backend) => {
      logger.log('info', 'backend removed', { source, backend: backend.label, outstanding: backend.outstanding });
    },
    drained: (source, backend) => {
      // An address that came back while it drained is a new backend under the same label: keep its series.
      if (!pool.backends.some((live) => live.label === backend.label)) metrics.removeBackend(backend);
      logger.log('info', 'backend drained', { source, backend: backend.label });
    },
  });
}
