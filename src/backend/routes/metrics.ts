import type Router from '@koa/router';
import type { BackendMetrics } from '../metrics.js';

/** `GET /metrics`: Prometheus text exposition. */
export function addMetricsRoute(router: Router, metrics: BackendMetrics): void {
  router.get('/metrics', async (ctx) => {
    const { contentType, text } = await metrics.expose();
    ctx.type = contentType;
    ctx.body = text;
  });
}
