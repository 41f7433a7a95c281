import type Router from '@koa/router';
import { createApiApp, startServer, type ApiAppOptions, type RunningServer } from '../../src/http/index.js';

/** Serves `router` through the shared kit on an ephemeral loopback port. */
export function serveRouter(router: Router, options: ApiAppOptions & { graceMs?: number } = {}): Promise<RunningServer> {
  return startServer(createApiApp(router, options).callback(), { host: '127.0.0.1', port: 0, graceMs: options.graceMs });
}
