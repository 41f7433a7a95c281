import type { IncomingHttpHeaders } from 'node:http';
import { readIntegerHeader } from './mock-headers.js';
import { createSeededRandom } from '../random/seeded-random.js';

export interface LatencySettings {
  /** Time to first token, from the request's start. */
  readonly ttftMs: number;
  /** Inter-token latency: the gap between consecutive tokens. */
  readonly itlMs: number;
  /** Each TTFT is drawn uniformly from ttftMs ± ttftJitterMs (never below 0). */
  readonly ttftJitterMs: number;
  readonly itlJitterMs: number;
  /** Extra TTFT per prompt token, like a real prefill. */
  readonly prefillMsPerToken: number;
}

export const ttftHeader = 'x-mock-ttft-ms';
export const itlHeader = 'x-mock-itl-ms';

/** The process settings, with `x-mock-ttft-ms` / `x-mock-itl-ms` overriding them for one request. */
export function latencyForRequest(settings: LatencySettings, headers: IncomingHttpHeaders): LatencySettings {
  if (headers[ttftHeader] === undefined && headers[itlHeader] === undefined) return settings;
  return {
    ...settings,
    ttftMs: readIntegerHeader(headers, ttftHeader, settings.ttftMs),
    itlMs: readIntegerHeader(headers, itlHeader, settings.itlMs),
  };
}

function jittered(base: number, jitter: number, random: () => number): number {
  return jitter === 0 ? base : Math.max(0, base + (random() * 2 - 1) * jitter);
}

/**
 * When each token of one answer is due, as an offset in ms from the request's
 * start. Offsets are absolute, not gaps from the previous timer, so a timer
 * that fires late does not push every later token back: no drift under load.
 * Jitter is seeded per request, so the same request gets the same timings.
 */
export class TokenSchedule {
  private readonly random: () => number;
  private offset = -1;

  constructor(private readonly latency: LatencySettings, private readonly promptTokens: number, seed: number) {
    this.random = createSeededRandom(seed + 0x5bd1e995);
  }

  /** The offset of the next token (the first call gives the time to first token). */
  next(): number {
    const { latency } = this;
    this.offset = this.offset < 0
      ? jittered(latency.ttftMs, latency.ttftJitterMs, this.random) + latency.prefillMsPerToken * this.promptTokens
      : this.offset + jittered(latency.itlMs, latency.itlJitterMs, this.random);
    return this.offset;
  }
}
