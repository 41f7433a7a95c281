import { GatewayTimeoutError } from './gateway-errors.js';

export interface DeadlineOptions {
  readonly totalMs: number;
  readonly ttftMs: number;
}

type AbortListener = (reason: Error) => void;

function expireFirstByte(deadline: Deadline): void {
  deadline.expire(true);
}

function expireTotal(deadline: Deadline): void {
  deadline.expire(false);
}

/**
 * The one deadline of a request, shared by every try and backoff: a total
 * limit and a time-to-first-byte limit, both counted from the request start.
 * Whatever currently waits on the request (an upstream try, a backoff, a
 * stream relay) registers one listener that runs when the request must stop:
 * a deadline passed or the client left.
 */
export class Deadline {
  private readonly startedAt: number;
  private timer: NodeJS.Timeout;
  private firstByteSeen = false;
  private listener: AbortListener | undefined;
  private abortReason: Error | undefined;

  constructor(private readonly options: DeadlineOptions, now = performance.now()) {
    this.startedAt = now;
    this.timer = setTimeout(expireFirstByte, Math.min(options.ttftMs, options.totalMs), this);
  }

  /** Why the request was stopped, once it was. */
  get reason(): Error | undefined {
    return this.abortReason;
  }

  /** Milliseconds left before the total deadline. */
  remainingMs(now = performance.now()): number {
    return this.options.totalMs - (now - this.startedAt);
  }

  /** Sets what to stop when the request must end (replacing the previous listener); runs at once if it already has. */
  onAbort(listener: AbortListener | undefined): void {
    this.listener = listener;
    if (listener !== undefined && this.abortReason !== undefined) listener(this.abortReason);
  }

  /** The first byte reached the client: from now on only the total deadline applies. */
  markFirstByte(): void {
    if (this.firstByteSeen || this.abortReason !== undefined) return;
    this.firstByteSeen = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(expireTotal, Math.max(0, this.remainingMs()), this);
  }

  abort(reason: Error): void {
    if (this.abortReason !== undefined) return;
    this.abortReason = reason;
    clearTimeout(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    listener?.(reason);
  }

  /** Stops the timer; call once the request is over. */
  dispose(): void {
    clearTimeout(this.timer);
    this.listener = undefined;
  }

  /** Waits `ms`; rejects with the reason as soon as the request must stop. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onAbort(undefined);
        resolve();
      }, ms);
      this.onAbort((reason) => {
        clearTimeout(timer);
        reject(reason);
      });
    });
  }

  /** @internal called by the timer. */
  expire(firstByte: boolean): void {
    const ttftFirst = firstByte && this.options.ttftMs < this.options.totalMs;
    this.abort(ttftFirst
      ? new GatewayTimeoutError('first_byte', this.options.ttftMs)
      : new GatewayTimeoutError('total', this.options.totalMs));
  }
}
