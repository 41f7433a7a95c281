import type { Context } from 'koa';
import type { Answer } from './answer.js';
import { usageOf, type Usage } from './completion-objects.js';
import type { FinishReason } from './text-generator.js';
import { InternalServerError } from '../http/index.js';

/** Builds the response object once the answer is complete; `elapsedMs` is measured from the request's start. */
export type RenderBody = (text: string, finishReason: FinishReason, usage: Usage, elapsedMs: number) => object;

const jsonType = 'application/json; charset=utf-8';

/**
 * Sends an answer as one JSON body when its last token is due. A `stall`
 * fault sends the headers first and holds the body back; `cut` sends half the
 * body and destroys the socket; `malformed` sends half the body as if whole;
 * `error-frame` becomes a 500, the non-streaming form of a mid-answer failure.
 */
export async function sendAnswer(ctx: Context, answer: Answer, render: RenderBody): Promise<void> {
  const { request, generated, schedule, clock, metrics, fault } = answer;
  const res = ctx.res;
  let ttft = 0;
  let lastOffset = 0;
  for (let index = 0; index < generated.tokens.length; index++) {
    lastOffset = schedule.next();
    if (index === 0) ttft = lastOffset;
  }
  let shift = 0;
  if (fault?.kind === 'stall') {
    ctx.respond = false;
    res.writeHead(200, { 'content-type': jsonType });
    res.flushHeaders();
    shift = fault.stallMs;
  }
  if (!await clock.waitUntil(shift + lastOffset)) return;
  if (fault?.kind === 'error-frame') {
    clock.finish();
    throw new InternalServerError('The model failed while generating (injected by x-mock-fault or --fault-rate).');
  }
  const elapsedMs = clock.elapsedMs();
  const body = JSON.stringify(render(generated.tokens.join(''), generated.finishReason, usageOf(request.promptTokens, generated.tokens.length), elapsedMs));
  metrics.generationTokens += generated.tokens.length;
  clock.finish();
  const half = fault === undefined ? body : body.slice(0, Math.floor(body.length / 2));
  const payload = fault?.kind === 'malformed' ? half : body;
  // Written straight to the socket: Koa's body setter and respond() (type lookup, length, HEAD handling) cost a
  // noticeable share of this, the mock's busiest path, and a JSON answer to a POST needs none of it.
  ctx.respond = false;
  if (!res.headersSent) res.writeHead(200, { 'content-type': jsonType, 'content-length': Buffer.byteLength(payload) });
  if (fault?.kind === 'cut') {
    res.write(half, () => res.destroy());
    return;
  }
  res.end(payload);
  metrics.ttft.observe((shift + ttft) / 1000);
  metrics.finished[generated.finishReason]++;
  metrics.e2e.observe(elapsedMs / 1000);
}
