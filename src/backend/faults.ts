import type { IncomingHttpHeaders } from 'node:http';
import { readIntegerHeader } from './mock-headers.js';
import { InvalidRequestError } from '../http/index.js';
import { createSeededRandom } from '../random/seeded-random.js';

/**
 * What can go wrong on purpose. `http-*` answer before any generation;
 * `reset` kills the connection before the headers; `stall` sends the headers
 * then nothing for `stallMs`; `cut`, `malformed` and `error-frame` strike
 * after `afterTokens` tokens of a stream (a non-streaming answer gets a
 * truncated body, invalid JSON and a 500 respectively).
 */
export const faultKinds = ['http-500', 'http-503', 'http-429', 'reset', 'stall', 'cut', 'malformed', 'error-frame'] as const;
export type FaultKind = typeof faultKinds[number];

export interface FaultSettings {
  /** Probability in [0, 1] that a request without `x-mock-fault` gets a fault drawn from `kinds`. */
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  /** Seeds the draws so a run with a fault rate is reproducible. */
  readonly seed: number;
  readonly stallMs: number;
  readonly afterTokens: number;
  readonly retryAfterSeconds: number;
}

export interface Fault {
  readonly kind: FaultKind;
  readonly stallMs: number;
  readonly afterTokens: number;
  readonly retryAfterSeconds: number;
}

export const faultHeader = 'x-mock-fault';
export const stallHeader = 'x-mock-stall-ms';
export const afterTokensHeader = 'x-mock-fault-after-tokens';

const faultKindSet: ReadonlySet<string> = new Set(faultKinds);

/** Chooses the fault, if any, for each request: the header wins, else a seeded draw at the configured rate. */
export class FaultInjector {
  private readonly random: () => number;

  constructor(private readonly settings: FaultSettings) {
    this.random = createSeededRandom(settings.seed);
  }

  choose(headers: IncomingHttpHeaders): Fault | undefined {
    const requested = headers[faultHeader];
    let kind: FaultKind | undefined;
    if (requested !== undefined) {
      if (typeof requested !== 'string' || !faultKindSet.has(requested)) {
        throw new InvalidRequestError(
          `Header '${faultHeader}' must be one of ${faultKinds.join(', ')}, got '${String(requested)}'.`, faultHeader,
        );
      }
      kind = requested as FaultKind;
    } else if (this.settings.rate > 0 && this.settings.kinds.length > 0 && this.random() < this.settings.rate) {
      kind = this.settings.kinds[Math.floor(this.random() * this.settings.kinds.length)];
    }
    if (kind === undefined) return undefined;
    return {
      kind,
      stallMs: readIntegerHeader(headers, stallHeader, this.settings.stallMs),
      afterTokens: readIntegerHeader(headers, afterTokensHeader, this.settings.afterTokens),
      retryAfterSeconds: this.settings.retryAfterSeconds,
    };
  }
}
