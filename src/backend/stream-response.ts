import type { Context } from 'koa';
import type { Answer } from './answer.js';
import { ChunkFormatter, newIdentity, usageOf } from './completion-objects.js';
import type { Fault } from './faults.js';
import { SseWriter } from '../http/index.js';

const inBandError = {
  error: {
    message: 'The model failed while generating (injected by x-mock-fault or --fault-rate).',
    type: 'server_error',
    param: null,
    code: 'internal_error',
  },
};

/** Acts out a mid-stream fault; returns true when it ended the stream. */
function strike(fault: Fault, writer: SseWriter, answer: Answer, id: string): boolean {
  switch (fault.kind) {
    case 'cut':
      answer.clock.finish();
      writer.destroy();
      return true;
    case 'error-frame':
      // What vLLM does when generation fails after the headers: an error object in-band, then [DONE].
      answer.clock.finish();
      writer.sendJson(inBandError);
      writer.end();
      return true;
    default:
      writer.sendRaw(`data: {"id":"${id}","object":\n\n`);
      return false;
  }
}

function strikePoint(fault: Fault | undefined, tokenCount: number): number {
  if (fault?.kind !== 'cut' && fault?.kind !== 'malformed' && fault?.kind !== 'error-frame') return -1;
  return Math.min(fault.afterTokens, tokenCount);
}

/**
 * Streams an answer as Server-Sent Events, each token at its scheduled
 * offset from the request's start. Returns when the stream ends, is cut on
 * purpose, or the client leaves (then no timer is left behind).
 */
export async function streamAnswer(ctx: Context, answer: Answer): Promise<void> {
  const { request, generated, schedule, clock, metrics, fault } = answer;
  const identity = newIdentity(request.endpoint, request.model);
  const formatter = new ChunkFormatter(identity, request.includeUsage);
  const writer = SseWriter.open(ctx);
  const shift = fault?.kind === 'stall' ? fault.stallMs : 0;
  const strikeAt = strikePoint(fault, generated.tokens.length);
  let previous = 0;
  let sent = 0;
  try {
    for (; sent <= generated.tokens.length; sent++) {
      if (sent === strikeAt && strike(fault!, writer, answer, identity.id)) return;
      if (sent === generated.tokens.length) break;
      if (!await clock.waitUntil(shift + schedule.next())) return;
      const now = clock.elapsedMs();
      if (sent === 0) metrics.ttft.observe(now / 1000);
      else metrics.itl.observe((now - previous) / 1000);
      previous = now;
      if (!writer.sendData(formatter.token(generated.tokens[sent]!, sent === 0))) await writer.drain();
    }
  } finally {
    // Counted once per stream rather than per token.
    metrics.generationTokens += Math.min(sent, generated.tokens.length);
  }
  writer.sendData(formatter.finish(generated.finishReason));
  if (request.includeUsage) writer.sendData(formatter.usage(usageOf(request.promptTokens, generated.tokens.length)));
  clock.finish();
  writer.end();
  metrics.finished[generated.finishReason]++;
  metrics.e2e.observe(clock.elapsedMs() / 1000);
}
