import { performance } from 'node:perf_hooks';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { classifyStreamFrame } from './api-shape.js';

export interface StreamTiming {
  readonly errorKind?: string;
  readonly completionTokens: number;
  readonly ttftMs?: number;
  readonly itlMs: number[];
}

/**
 * Reads a Server-Sent Events body as it arrives (eventsource-parser, the one
 * SSE reader of the repo) and stamps each content token with the monotonic
 * clock: time to first token and inter-token latency.
 */
export class StreamReader {
  private readonly tokenTimes: number[] = [];
  private usageTokens: number | undefined;
  private sawError = false;
  private sawDone = false;
  /** When the chunk being parsed arrived: every event it completes counts from then. */
  private chunkAt = 0;
  private readonly parser: EventSourceParser = createParser({ onEvent: ({ data }) => this.onData(data) });

  constructor(private readonly startedAt: number) {}

  push(chunk: string): void {
    this.chunkAt = performance.now();
    this.parser.feed(chunk);
  }

  finish(): StreamTiming {
    const itlMs = this.tokenTimes.slice(1).map((time, index) => time - this.tokenTimes[index]);
    const errorKind = this.sawError ? 'stream_error' : this.sawDone ? undefined : 'stream_incomplete';
    return {
      ...(errorKind ? { errorKind } : {}),
      completionTokens: this.usageTokens ?? this.tokenTimes.length,
      ...(this.tokenTimes.length > 0 ? { ttftMs: this.tokenTimes[0] - this.startedAt } : {}),
      itlMs,
    };
  }

  private onData(data: string): void {
    const frame = classifyStreamFrame(data.trim());
    if (frame.kind === 'token') this.tokenTimes.push(this.chunkAt);
    else if (frame.kind === 'usage') this.usageTokens = frame.completionTokens;
    else if (frame.kind === 'error') this.sawError = true;
    else if (frame.kind === 'done') this.sawDone = true;
  }
}
