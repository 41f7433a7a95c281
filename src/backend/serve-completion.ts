import type { Context } from 'koa';
import { prepareAnswer } from './answer.js';
import type { BackendServices } from './backend-services.js';
import { completionBody, newIdentity } from './completion-objects.js';
import type { CompletionRequest } from './completion-request.js';
import { sendAnswer, type RenderBody } from './json-response.js';
import { streamAnswer } from './stream-response.js';

/**
 * Answers a validated chat or text completion request, streamed or whole,
 * and keeps `vllm:num_requests_running` honest while it runs. `render`
 * replaces the OpenAI body (the legacy `/generate` contract uses it).
 */
export async function serveCompletion(
  ctx: Context, request: CompletionRequest, startedAt: number, services: BackendServices, render?: RenderBody,
): Promise<void> {
  const answer = prepareAnswer(ctx, request, startedAt, services);
  if (answer === undefined) return;
  answer.metrics.running++;
  try {
    if (request.stream) {
      await streamAnswer(ctx, answer);
    } else {
      const identity = newIdentity(request.endpoint, request.model);
      await sendAnswer(ctx, answer, render ?? ((text, finishReason, usage) => completionBody(identity, text, finishReason, usage)));
    }
  } finally {
    answer.metrics.running--;
  }
}
