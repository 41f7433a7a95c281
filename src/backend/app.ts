import Router from '@koa/router';
import type Koa from 'koa';
import { createBackendServices, type BackendServices } from './backend-services.js';
import type { BackendConfig } from './config.js';
import { countRequests } from './request-counter.js';
import { addHealthRoutes, createApiApp, Readiness, type ErrorReporter } from '../http/index.js';
import { addChatCompletionsRoute } from './routes/chat-completions.js';
import { addCompletionsRoute } from './routes/completions.js';
import { addGenerateRoute } from './routes/generate.js';
import { addMetricsRoute } from './routes/metrics.js';
import { addModelsRoute } from './routes/models.js';

export interface BackendApp {
  readonly app: Koa;
  readonly readiness: Readiness;
  readonly services: BackendServices;
}

/** The mock backend as a Koa app, not yet listening; `readiness` is shared with the server that runs it. */
export function createBackendApp(config: BackendConfig, onError?: ErrorReporter): BackendApp {
  const services = createBackendServices(config);
  const readiness = new Readiness();
  const router = new Router();
  addChatCompletionsRoute(router, services);
  addCompletionsRoute(router, services);
  addModelsRoute(router, config.models, config.maxModelLen);
  addGenerateRoute(router, services);
  addHealthRoutes(router, readiness);
  addMetricsRoute(router, services.metrics);
  const app = createApiApp(router, { onError, middleware: [countRequests(services.metrics)] });
  return { app, readiness, services };
}
