import { performance } from 'node:perf_hooks';
import type Router from '@koa/router';
import { checkNumericParams, expectJsonObject, InvalidRequestError, optionalInteger, optionalNumber, readJsonBody } from '../../http/index.js';
import type { BackendServices } from '../backend-services.js';
import type { CompletionRequest } from '../completion-request.js';
import { serveCompletion } from '../serve-completion.js';
import { countTokens } from '../token-rule.js';

const defaultMaxTokens = 64;

function parseGenerateRequest(raw: unknown, services: BackendServices): CompletionRequest {
  const body = expectJsonObject(raw);
  if (typeof body.prompt !== 'string') throw new InvalidRequestError("'prompt' must be a string.", 'prompt');
  checkNumericParams(body);
  const promptTokens = countTokens(body.prompt);
  const maxTokens = optionalInteger(body, 'max_tokens', { min: 1, max: Math.max(1, services.config.maxModelLen - promptTokens) });
  optionalNumber(body, 'temperature', { min: 0, max: 2 });
  return {
    endpoint: 'text',
    model: services.config.models[0]!,
    prompt: body.prompt,
    promptTokens,
    maxTokens: maxTokens ?? defaultMaxTokens,
    stream: false,
    includeUsage: false,
    ignoreEos: false,
  };
}

/**
 * `POST /generate`: the original platform's contract, kept for its clients.
 * `{prompt, max_tokens?, temperature?}` -> `{text, tokens_per_sec, latency_ms, model}`
 * served by the first configured model.
 */
export function addGenerateRoute(router: Router, services: BackendServices): void {
  router.post('/generate', async (ctx) => {
    const startedAt = performance.now();
    const request = parseGenerateRequest(await readJsonBody(ctx.req, services.bodyLimits), services);
    await serveCompletion(ctx, request, startedAt, services, (text, _finishReason, usage, elapsedMs) => ({
      text,
      tokens_per_sec: elapsedMs > 0 ? Math.round((usage.completion_tokens / elapsedMs) * 1000 * 100) / 100 : 0,
      latency_ms: Math.round(elapsedMs * 100) / 100,
      model: request.model,
    }));
  });
}
