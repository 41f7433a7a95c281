import { countTokens } from './token-rule.js';
import {
  checkNumericParams, expectJsonObject, InvalidRequestError, isJsonObject, ModelNotFoundError, optionalBoolean, optionalInteger, optionalNumber,
  optionalObject, requireString, type JsonObject,
} from '../http/index.js';

export type Endpoint = 'chat' | 'text';

/** A validated chat or text completion request, reduced to what the mock needs. */
export interface CompletionRequest {
  readonly endpoint: Endpoint;
  readonly model: string;
  /** The prompt text (for chat: every message's text, one per line). */
  readonly prompt: string;
  readonly promptTokens: number;
  /** The answer's cap: the client's max_tokens, or what is left of the context. */
  readonly maxTokens: number;
  readonly seed?: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly ignoreEos: boolean;
}

export interface RequestLimits {
  readonly models: ReadonlySet<string>;
  readonly maxModelLen: number;
}

/** OpenAI's default for the legacy completions endpoint. */
const defaultTextMaxTokens = 16;
const roles: ReadonlySet<string> = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function readModel(body: JsonObject, limits: RequestLimits): string {
  const model = requireString(body, 'model');
  if (!limits.models.has(model)) throw new ModelNotFoundError(model);
  return model;
}

function readContent(content: unknown, param: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new InvalidRequestError(`'${param}' must be a string or an array of content parts.`, param);
  return content.map((part: unknown, index) => {
    if (!isJsonObject(part) || typeof part.type !== 'string') {
      throw new InvalidRequestError(`'${param}[${index}]' must be a content part with a 'type'.`, `${param}[${index}]`);
    }
    return typeof part.text === 'string' ? part.text : '';
  }).join(' ');
}

function readMessages(body: JsonObject): string {
  const messages = body.messages;
  if (messages === undefined || messages === null) throw new InvalidRequestError("'messages' is a required property.", 'messages');
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequestError("'messages' must be a non-empty array.", 'messages');
  }
  return messages.map((message: unknown, index) => {
    const param = `messages[${index}]`;
    if (!isJsonObject(message)) throw new InvalidRequestError(`'${param}' must be an object.`, param);
    if (typeof message.role !== 'string' || !roles.has(message.role)) {
      throw new InvalidRequestError(`'${param}.role' must be one of ${[...roles].join(', ')}.`, `${param}.role`);
    }
    return readContent(message.content, `${param}.content`);
  }).join('\n');
}

function readPrompt(body: JsonObject): string {
  const prompt = body.prompt;
  if (prompt === undefined || prompt === null) throw new InvalidRequestError("'prompt' is a required property.", 'prompt');
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  throw new InvalidRequestError("'prompt' must be a string (or an array holding one string).", 'prompt');
}

function readStreamFlags(body: JsonObject): { stream: boolean; includeUsage: boolean } {
  const stream = optionalBoolean(body, 'stream') ?? false;
  const streamOptions = optionalObject(body, 'stream_options');
  if (streamOptions !== undefined && !stream) {
    throw new InvalidRequestError("'stream_options' is only allowed when 'stream' is true.", 'stream_options');
  }
  const includeUsage = streamOptions === undefined ? false : optionalBoolean(streamOptions, 'include_usage') ?? false;
  return { stream, includeUsage };
}

function readSampling(body: JsonObject): number | undefined {
  optionalNumber(body, 'temperature', { min: 0, max: 2 });
  optionalNumber(body, 'top_p', { min: 0, max: 1 });
  const n = optionalInteger(body, 'n', { min: 1 });
  if (n !== undefined && n !== 1) throw new InvalidRequestError("Only 'n': 1 is supported.", 'n');
  return optionalInteger(body, 'seed');
}

function readMaxTokens(body: JsonObject, promptTokens: number, limits: RequestLimits, fallback?: number): number {
  const requested = optionalInteger(body, 'max_completion_tokens', { min: 1 }) ?? optionalInteger(body, 'max_tokens', { min: 1 });
  const room = limits.maxModelLen - promptTokens;
  const wanted = requested ?? fallback ?? room;
  if (room < 1 || wanted > room) {
    throw new InvalidRequestError(
      `This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${promptTokens + wanted} tokens `
      + `(${promptTokens} in the prompt, ${wanted} in the completion). Please reduce the length of the prompt or completion.`,
      requested === undefined ? null : 'max_tokens',
      'context_length_exceeded',
    );
  }
  return wanted;
}

function buildRequest(endpoint: Endpoint, body: JsonObject, limits: RequestLimits, fallbackMaxTokens?: number): CompletionRequest {
  const model = readModel(body, limits);
  checkNumericParams(body);
  const prompt = endpoint === 'chat' ? readMessages(body) : readPrompt(body);
  const promptTokens = countTokens(prompt);
  const seed = readSampling(body);
  const maxTokens = readMaxTokens(body, promptTokens, limits, fallbackMaxTokens);
  const ignoreEos = optionalBoolean(body, 'ignore_eos') ?? false;
  return { endpoint, model, prompt, promptTokens, maxTokens, seed, ignoreEos, ...readStreamFlags(body) };
}

/** Validates a `/v1/chat/completions` body; every problem is a 400 naming its param, an unknown model a 404. */
export function parseChatRequest(body: unknown, limits: RequestLimits): CompletionRequest {
  return buildRequest('chat', expectJsonObject(body), limits);
}

/** Validates a `/v1/completions` body; `max_tokens` defaults to 16 as in OpenAI's API. */
export function parseTextRequest(body: unknown, limits: RequestLimits): CompletionRequest {
  return buildRequest('text', expectJsonObject(body), limits, defaultTextMaxTokens);
}
