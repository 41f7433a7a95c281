import type { Server } from 'node:http';
import { createBackendApp } from './app.js';
import { resolveBackendConfig, type BackendConfig } from './config.js';
import type { BackendMetrics } from './metrics.js';
import { startServer, type ErrorReporter, type Readiness } from '../http/index.js';

export { createBackendApp, type BackendApp } from './app.js';
export { backendSchema, parseBackendConfig, resolveBackendConfig, type BackendConfig } from './config.js';
export { faultKinds, type FaultKind } from './faults.js';
export { countTokens } from './token-rule.js';

export interface BackendOptions extends Partial<BackendConfig> {
  /** Told about unexpected errors (bugs), for logging. */
  readonly onError?: ErrorReporter;
}

export interface RunningBackend {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly readiness: Readiness;
  readonly metrics: BackendMetrics;
  /** Graceful stop: readiness 503, no new connections, in-flight requests get `graceMs` (default shutdownGraceMs). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts a mock backend in this process. Unlike the CLI, it listens on
 * 127.0.0.1 and an ephemeral port unless told otherwise: it is meant for
 * tests and for the gateway's embedded default upstream.
 */
export async function startBackend(options: BackendOptions = {}): Promise<RunningBackend> {
  const { onError, ...overrides } = options;
  const config = resolveBackendConfig({ host: '127.0.0.1', port: 0, ...overrides });
  const { app, readiness, services } = createBackendApp(config, onError);
  const running = await startServer(app.callback(), {
    host: config.host,
    port: config.port,
    graceMs: config.shutdownGraceMs,
    readiness,
    headersTimeoutMs: config.clientHeaderTimeoutMs,
    requestTimeoutMs: config.clientBodyTimeoutMs,
    backlog: config.listenBacklog,
  });
  return {
    url: running.url,
    port: running.port,
    server: running.server,
    readiness,
    metrics: services.metrics,
    close: running.close,
  };
}
