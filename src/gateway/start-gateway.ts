import { createGatewayApp } from './app.js';
import type { GatewayConfig } from './config.js';
import { JsonLogger } from './json-logger.js';
import { UsageError } from '../config/index.js';
import { startServer, type RunningServer } from '../http/index.js';

export interface GatewayOptions {
  /** Where JSON log lines go (several at once, each ending in a newline); default nowhere. Only the CLI hands it stdout. */
  readonly writeLog?: (text: string) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly server: RunningServer['server'];
  readonly logger: JsonLogger;
  /**
   * Graceful stop: `/readyz` turns 503, no new connections, in-flight
   * requests and streams get `graceMs` (default the configured grace period)
   * to finish, then the probes stop and upstream sockets close.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts the gateway in this process, in front of `config.backendUrls`. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  if (config.backendUrls.length === 0) throw new UsageError('BACKEND_URLS is empty: the gateway needs at least one backend');
  const logger = new JsonLogger(config.logLevel, options.writeLog ?? (() => {}), config.logFlushMs);
  const { listener, pool, prober, discovery, readiness } = createGatewayApp(config, logger);
  await discovery.refresh();
  const running = await startServer(listener, {
    host: config.host,
    port: config.port,
    graceMs: config.gracePeriodMs,
    readiness,
    headersTimeoutMs: config.clientHeaderTimeoutMs,
    requestTimeoutMs: config.clientBodyTimeoutMs,
    backlog: config.listenBacklog,
  });
  await prober.discoverModels();
  prober.start();
  discovery.start();
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    port: running.port,
    server: running.server,
    logger,
    close(graceMs) {
      closing ??= running.close(graceMs).then(() => {
        prober.stop();
        discovery.stop();
        pool.close();
        logger.flush();
      });
      return closing;
    },
  };
}
