import type { Context } from 'koa';
import type { BackendServices } from './backend-services.js';
import type { CompletionRequest } from './completion-request.js';
import type { Fault } from './faults.js';
import { latencyForRequest, TokenSchedule } from './latency-model.js';
import type { ModelMetrics } from './metrics.js';
import { RequestClock } from './request-clock.js';
import { generateText, generationSeed, type GeneratedText } from './text-generator.js';
import { InternalServerError, RateLimitError, ServiceUnavailableError } from '../http/index.js';

/** Everything decided about one answer before its first byte: the text, its timing, its fault. */
export interface Answer {
  readonly request: CompletionRequest;
  readonly generated: GeneratedText;
  readonly schedule: TokenSchedule;
  readonly clock: RequestClock;
  readonly metrics: ModelMetrics;
  readonly fault: Fault | undefined;
}

const injected = '(injected by x-mock-fault or --fault-rate)';

/** The faults that strike before any response: thrown as the matching API error. */
function throwHttpFault(fault: Fault): void {
  switch (fault.kind) {
    case 'http-500':
      throw new InternalServerError(`The server had an error while processing your request ${injected}.`);
    case 'http-503':
      throw new ServiceUnavailableError(`The server is overloaded ${injected}.`, fault.retryAfterSeconds);
    case 'http-429':
      throw new RateLimitError(`Rate limit reached ${injected}.`, fault.retryAfterSeconds);
    default:
  }
}

/**
 * Draws the fault and timing for a validated request and generates its text.
 * HTTP-error faults throw; a `reset` fault kills the socket and returns
 * undefined. Otherwise the answer is ready to be sent or streamed.
 */
export function prepareAnswer(
  ctx: Context, request: CompletionRequest, startedAt: number, services: BackendServices,
): Answer | undefined {
  const headers = ctx.req.headers;
  const fault = services.faults.choose(headers);
  const latency = latencyForRequest(services.latency, headers);
  if (fault !== undefined) {
    services.metrics.countFault(fault.kind);
    throwHttpFault(fault);
    if (fault.kind === 'reset') {
      ctx.respond = false;
      ctx.req.socket.resetAndDestroy();
      return undefined;
    }
  }
  const metrics = services.metrics.forModel(request.model);
  metrics.promptTokens += request.promptTokens;
  const generated = generateText(request, services.generation);
  const clock = new RequestClock(ctx.res, startedAt, () => metrics.cancelled++);
  const schedule = new TokenSchedule(latency, request.promptTokens, generationSeed(request));
  return { request, generated, schedule, clock, metrics, fault };
}
