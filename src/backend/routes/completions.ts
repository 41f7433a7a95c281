import { performance } from 'node:perf_hooks';
import type Router from '@koa/router';
import { readJsonBody } from '../../http/index.js';
import type { BackendServices } from '../backend-services.js';
import { parseTextRequest } from '../completion-request.js';
import { serveCompletion } from '../serve-completion.js';

/** `POST /v1/completions`: OpenAI's legacy text completion API, whole or streamed. */
export function addCompletionsRoute(router: Router, services: BackendServices): void {
  router.post('/v1/completions', async (ctx) => {
    const startedAt = performance.now();
    const body = await readJsonBody(ctx.req, services.bodyLimits);
    await serveCompletion(ctx, parseTextRequest(body, services.limits), startedAt, services);
  });
}
