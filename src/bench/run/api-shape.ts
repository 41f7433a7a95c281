import type { BenchPrompt } from './prompts.js';

export const benchApis = ['chat', 'completions', 'generate'] as const;
export type BenchApi = typeof benchApis[number];

export interface ApiRequest {
  readonly path: string;
  readonly body: string;
}

const paths: Record<BenchApi, string> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  generate: '/generate',
};

/** The request body for one prompt, in the shape of the chosen endpoint. */
export function buildApiRequest(api: BenchApi, prompt: BenchPrompt, model: string, stream: boolean): ApiRequest {
  const sampling = {
    ...(prompt.max_tokens === undefined ? {} : { max_tokens: prompt.max_tokens }),
    ...(prompt.temperature === undefined ? {} : { temperature: prompt.temperature }),
  };
  const streaming = stream ? { stream: true, stream_options: { include_usage: true } } : {};
  const body = api === 'chat'
    ? { model, messages: [{ role: 'user', content: prompt.prompt }], ...sampling, ...streaming }
    : api === 'completions'
      ? { model, prompt: prompt.prompt, ...sampling, ...streaming }
      : { prompt: prompt.prompt, ...sampling };
  return { path: paths[api], body: JSON.stringify(body) };
}

/** Completion tokens reported by a non-streamed response, when it says. */
export function readCompletionTokens(api: BenchApi, body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { usage?: { completion_tokens?: unknown }; tokens_per_sec?: unknown; latency_ms?: unknown };
  if (api !== 'generate') {
    const tokens = record.usage?.completion_tokens;
    return typeof tokens === 'number' ? tokens : undefined;
  }
  // /generate reports a rate and a duration, not a count.
  const { tokens_per_sec: rate, latency_ms: ms } = record;
  return typeof rate === 'number' && typeof ms === 'number' ? Math.round((rate * ms) / 1000) : undefined;
}

export type StreamFrame =
  | { readonly kind: 'token' }
  | { readonly kind: 'usage'; readonly completionTokens: number }
  | { readonly kind: 'error' }
  | { readonly kind: 'done' }
  | { readonly kind: 'other' };

/** Classifies one SSE `data:` payload of a streamed chat or completions response. */
export function classifyStreamFrame(data: string): StreamFrame {
  if (data === '[DONE]') return { kind: 'done' };
  let frame: {
    error?: unknown;
    usage?: { completion_tokens?: unknown } | null;
    choices?: { delta?: { content?: unknown }; text?: unknown }[];
  };
  try {
    frame = JSON.parse(data) as typeof frame;
  } catch {
    return { kind: 'error' };
  }
  if (frame.error !== undefined) return { kind: 'error' };
  const choice = frame.choices?.[0];
  const text = choice?.delta?.content ?? choice?.text;
  if (typeof text === 'string' && text.length > 0) return { kind: 'token' };
  const tokens = frame.usage?.completion_tokens;
  if (typeof tokens === 'number') return { kind: 'usage', completionTokens: tokens };
  return { kind: 'other' };
}
