import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type Router from '@koa/router';
import { requireApiKey, type ApiKeyChecker } from './api-keys.js';
import { Exchange } from './exchange.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { JsonLogger } from './json-logger.js';
import { endExchange, getExchange } from './request-observer.js';
import type { UpstreamProxy } from './upstream-proxy.js';
import {
  acceptRequestId, ApiError, checkNumericParams, expectJsonObject, InternalServerError, readJsonRequest, requestIdHeader,
  writeErrorResponse, type JsonBodyLimits,
} from '../http/index.js';

/** The OpenAI routes the gateway relays; each is safe to repeat on another backend until its first byte is sent. */
export const relayedRoutes: ReadonlySet<string> = new Set(['/v1/chat/completions', '/v1/completions', '/generate']);

export interface RelayDeps {
  readonly proxy: UpstreamProxy;
  readonly metrics: GatewayMetrics;
  readonly logger: JsonLogger;
  readonly bodyLimits: JsonBodyLimits;
  /** Set when the API requires a key. */
  readonly apiKeys: ApiKeyChecker | undefined;
  /** Told about every error that is not an ApiError (a bug), for logging. */
  readonly onError: (error: unknown) => void;
}

/** Reads, checks and relays one request; throws an ApiError only before the response started. */
async function relay(deps: RelayDeps, req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
  // One parse, to route and to refuse what no backend should see; the backend gets the client's bytes as they came.
  const { bytes, value } = await readJsonRequest(req, deps.bodyLimits);
  const body = expectJsonObject(value);
  checkNumericParams(body);
  if (typeof body.model === 'string') exchange.ask(body.model);
  await deps.proxy.forward({
    method: 'POST',
    path: req.url!,
    body: bytes,
    requestId: exchange.requestId,
    model: exchange.record.model,
    retryable: true,
    stream: body.stream === true,
  }, req.headers, res, exchange);
}

/** The relayed routes in Koa's router, for the spellings {@link relayAheadOfKoa} leaves to it (a trailing slash, other case). */
export function addRelayedRoutes(router: Router, deps: RelayDeps): void {
  for (const route of relayedRoutes) {
    router.post(route, async (ctx) => {
      const exchange = getExchange(ctx);
      exchange.routeAs(route);
      if (deps.apiKeys !== undefined) requireApiKey(deps.apiKeys, ctx.req.headers.authorization);
      // The relay writes the response itself; what it refuses before writing, the error middleware answers.
      ctx.respond = false;
      await relay(deps, ctx.req, ctx.res, exchange);
    });
  }
}

async function serveRelayed(deps: RelayDeps, req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
  // The request id is set with the response's other headers: one set before writeHead would make Node copy and check them all twice.
  const exchange = new Exchange(res, acceptRequestId(req.headers[requestIdHeader]));
  exchange.routeAs(route);
  deps.metrics.inFlight++;
  try {
    if (deps.apiKeys !== undefined) requireApiKey(deps.apiKeys, req.headers.authorization);
    await relay(deps, req, res, exchange);
    exchange.end(res.statusCode);
  } catch (error) {
    const known = error instanceof ApiError ? error : undefined;
    if (known === undefined) deps.onError(error);
    exchange.end(known?.status ?? 500, known?.code ?? 'internal_error');
    if (!res.headersSent) res.setHeader(requestIdHeader, exchange.requestId);
    writeErrorResponse(res, known ?? new InternalServerError());
  } finally {
    deps.metrics.inFlight--;
    endExchange(exchange, 'POST', deps.metrics, deps.logger);
  }
}

/**
 * Serves `POST` on the relayed routes straight from node:http, ahead of
 * Koa's middleware chain (request id, errors, access log, router), with the
 * same request id, key check, OpenAI errors, access log and metrics; every
 * other request goes to `koa`. Measured: it saves the per-request context
 * objects and middleware calls of the busiest routes (docs/gateway.md).
 */
export function relayAheadOfKoa(deps: RelayDeps, koa: RequestListener): RequestListener {
  return function routeRequest(req, res) {
    if (req.method === 'POST') {
      const query = req.url!.indexOf('?');
      const path = query === -1 ? req.url! : req.url!.slice(0, query);
      if (relayedRoutes.has(path)) {
        void serveRelayed(deps, req, res, path);
        return;
      }
    }
    void koa(req, res);
  };
}
