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
 * own: past it, or when its backend is judged down ({@link release}), only
 * that try stops, and the request goes on to another.
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

  /**
   * Starts a try (now) whose own limit is `nominalMs`, cut to an even share
   * of the time left before the first-byte deadline, shared with the
   * `followers` tries that may still follow it on other backends: a try
   * never uses up the time another backend would need. Past the limit only
   * this try stops (an UpstreamTimeoutError), unless {@link clearTryLimit}
   * comes first; a try that nothing may follow gets no timer of its own when
   * the deadline comes first.
   */
  startTry(phase: UpstreamPhase, nominalMs: number, followers: number, now = performance.now()): void {
    clearTimeout(this.tryTimer);
    const leftMs = Math.min(this.options.ttftMs, this.options.totalMs) - (now - this.startedAt);
    const limitMs = Math.min(nominalMs, leftMs / (1 + followers));
    this.tryTimer = limitMs < leftMs ? setTimeout(expireTry, limitMs, this, phase, Math.round(limitMs)) : undefined;
  }

  clearTryLimit(): void {
    clearTimeout(this.tryTimer);
    this.tryTimer = undefined;
  }

  /** Stops what waits on the current try, not the request. */
  stopTry(reason: Error): void {
    this.clearTryLimit();
    const listener = this.listener;
    this.listener = undefined;
    listener?.stop(reason);
  }

  /** Whether the client got the response's first byte. */
  get firstByteSent(): boolean {
    return this.firstByteSeen;
  }

  /** Stops the current try so that the request fails over, unless the client already got a byte or the request ended. */
  release(reason: Error): void {
    if (!this.firstByteSeen && this.abortReason === undefined) this.stopTry(reason);
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
