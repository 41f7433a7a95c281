import { performance } from 'node:perf_hooks';
import type Router from '@koa/router';
import { readJsonBody } from '../../http/index.js';
import type { BackendServices } from '../backend-services.js';
import { parseChatRequest } from '../completion-request.js';
import { serveCompletion } from '../serve-completion.js';

/** `POST /v1/chat/completions`: OpenAI's chat API, whole or streamed. */
export function addChatCompletionsRoute(router: Router, services: BackendServices): void {
  router.post('/v1/chat/completions', async (ctx) => {
    const startedAt = performance.now();
    const body = await readJsonBody(ctx.req, services.bodyLimits);
    await serveCompletion(ctx, parseChatRequest(body, services.limits), startedAt, services);
  });
}
