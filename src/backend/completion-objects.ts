import { randomUUID } from 'node:crypto';
import type { Endpoint } from './completion-request.js';
import type { FinishReason } from './text-generator.js';

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** The identity shared by an answer's body or all of its chunks. */
export interface AnswerIdentity {
  readonly endpoint: Endpoint;
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export function newIdentity(endpoint: Endpoint, model: string): AnswerIdentity {
  const prefix = endpoint === 'chat' ? 'chatcmpl-' : 'cmpl-';
  return { endpoint, id: prefix + randomUUID(), created: Math.floor(Date.now() / 1000), model };
}

/** The non-streaming response object of either endpoint. */
export function completionBody(identity: AnswerIdentity, text: string, finishReason: FinishReason, usage: Usage): object {
  const { id, created, model } = identity;
  if (identity.endpoint === 'chat') {
    return {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason }],
      usage,
    };
  }
  return { id, object: 'text_completion', created, model, choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }], usage };
}

/**
 * Renders one stream's chunks. The JSON around the token is built once per
 * stream and each token is spliced in, instead of serialising a fresh object
 * per token: this is the mock's hottest loop.
 */
export class ChunkFormatter {
  private readonly head: string;
  private readonly tokenTail: string;
  private readonly usageTail: string;

  constructor(private readonly identity: AnswerIdentity, includeUsage: boolean) {
    const object = identity.endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `{"id":${JSON.stringify(identity.id)},"object":"${object}","created":${identity.created},`
      + `"model":${JSON.stringify(identity.model)},"choices":[{"index":0,`;
    this.usageTail = includeUsage ? ',"usage":null}' : '}';
    this.tokenTail = `${identity.endpoint === 'chat' ? '}' : ''},"logprobs":null,"finish_reason":null}]${this.usageTail}`;
  }

  /** A token chunk; the first chat chunk also carries the assistant role. */
  token(text: string, first: boolean): string {
    const quoted = JSON.stringify(text);
    if (this.identity.endpoint === 'text') return `${this.head}"text":${quoted}${this.tokenTail}`;
    const role = first ? '"role":"assistant",' : '';
    return `${this.head}"delta":{${role}"content":${quoted}${this.tokenTail}`;
  }

  /** The last content-free chunk, carrying the finish reason. */
  finish(reason: FinishReason): string {
    const choice = this.identity.endpoint === 'chat' ? '"delta":{}' : '"text":""';
    return `${this.head}${choice},"logprobs":null,"finish_reason":"${reason}"}]${this.usageTail}`;
  }

  /** The extra `include_usage` chunk: no choices, only the totals. */
  usage(usage: Usage): string {
    const { id, created, model, endpoint } = this.identity;
    const object = endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    return JSON.stringify({ id, object, created, model, choices: [], usage });
  }
}
