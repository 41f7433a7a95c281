import { GatewayTimeoutError } from './gateway-errors.js';
import { UpstreamTimeoutError, type UpstreamPhase } from './upstream-client.js';

export interface DeadlineOptions {
  readonly totalMs: number;
  readonly ttftMs: number;
}

/** Whatever currently waits on the request: an upstream call, a stream relay, a backoff. */
export interface Stoppable {
  stop(reason: Error): void;
}

function expireFirstByte(deadline: Deadline): void {
  deadline.expire(true);
}

function expireTotal(deadline: Deadline): void {
  deadline.expire(false);
}

function expireTry(deadline: Deadline, phase: UpstreamPhase, limitMs: number): void {
  deadline.stopTry(new UpstreamTimeoutError(phase, limitMs));
}

/**
 * The one deadline of a request, shared by every try and backoff: a total
 * limit and a time-to-first-byte limit, both counted from the request start.
 * Whatever currently waits on the request (an upstream try, a backoff, a
 * stream relay) registers one listener that runs when the request must stop:
 * a deadline passed or the client left. A try may have a shorter limit of its
 * own: past it only that try stops, and the request goes on to another.
 */
export class Deadline {
  private readonly startedAt: number;
  private timer: NodeJS.Timeout;
  private tryTimer: NodeJS.Timeout | undefined;
  private firstByteSeen = false;
  private listener: Stoppable | undefined;
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

  /** Sets what to stop when the request must end (replacing the previous one); stops it at once if the request already ended. */
  onAbort(listener: Stoppable | undefined): void {
    this.listener = listener;
    if (listener !== undefined && this.abortReason !== undefined) listener.stop(this.abortReason);
  }

  /** Stops the current try after `limitMs` (with an UpstreamTimeoutError) unless {@link clearTryLimit} comes first. */
  limitTry(phase: UpstreamPhase, limitMs: number): void {
    clearTimeout(this.tryTimer);
    this.tryTimer = setTimeout(expireTry, limitMs, this, phase, limitMs);
  }

  clearTryLimit(): void {
    clearTimeout(this.tryTimer);
    this.tryTimer = undefined;
  }

  /** Stops what waits on the current try, not the request. */
  stopTry(reason: Error): void {
    this.tryTimer = undefined;
    const listener = this.listener;
    this.listener = undefined;
    listener?.stop(reason);
  }

  /**
   * The first byte reached the client: from now on only the total deadline
   * applies. The first-byte timer stays armed and turns into the total one
   * when it fires, so a request that ends before it costs one timer, not two.
   */
  markFirstByte(): void {
    if (this.firstByteSeen || this.abortReason !== undefined) return;
    this.firstByteSeen = true;
    this.clearTryLimit();
  }

  abort(reason: Error): void {
    if (this.abortReason !== undefined) return;
    this.abortReason = reason;
    clearTimeout(this.timer);
    this.clearTryLimit();
    const listener = this.listener;
    this.listener = undefined;
    listener?.stop(reason);
  }

  /** Stops the timer; call once the request is over. */
  dispose(): void {
    clearTimeout(this.timer);
    this.clearTryLimit();
    this.listener = undefined;
  }

  /** Waits `ms`; rejects with the reason as soon as the request must stop. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onAbort(undefined);
        resolve();
      }, ms);
      this.onAbort({
        stop(reason) {
          clearTimeout(timer);
          reject(reason);
        },
      });
    });
  }

  /** @internal called by the timer. */
  expire(firstByte: boolean): void {
    const remainingMs = this.remainingMs();
    if (firstByte && this.firstByteSeen && remainingMs > 0) {
      this.timer = setTimeout(expireTotal, remainingMs, this);
      return;
    }
    const ttftFirst = firstByte && !this.firstByteSeen && this.options.ttftMs < this.options.totalMs;
    this.abort(ttftFirst
      ? new GatewayTimeoutError('first_byte', this.options.ttftMs)
      : new GatewayTimeoutError('total', this.options.totalMs));
  }
}
