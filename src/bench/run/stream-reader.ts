import { performance } from 'node:perf_hooks';
import { classifyStreamFrame } from './api-shape.js';

export interface StreamTiming {
  readonly errorKind?: string;
  readonly completionTokens: number;
  readonly ttftMs?: number;
  readonly itlMs: number[];
}

/**
 * Reads a Server-Sent Events body as it arrives and stamps each content token
 * with the monotonic clock: time to first token and inter-token latency.
 */
export class StreamReader {
  private pending = '';
  private readonly tokenTimes: number[] = [];
  private usageTokens: number | undefined;
  private sawError = false;
  private sawDone = false;

  constructor(private readonly startedAt: number) {}

  push(chunk: string): void {
    const now = performance.now();
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const frame = classifyStreamFrame(line.slice(5).trim());
      if (frame.kind === 'token') this.tokenTimes.push(now);
      else if (frame.kind === 'usage') this.usageTokens = frame.completionTokens;
      else if (frame.kind === 'error') this.sawError = true;
      else if (frame.kind === 'done') this.sawDone = true;
    }
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
}
