import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Waits measured from one request's start, tied to its response: when the
 * client goes away, the pending timer is cleared at once, every wait resolves
 * false, and `onCancel` runs once. Call `finish()` before ending or
 * destroying the response on purpose, so that does not count as a cancel.
 */
export class RequestClock {
  private timer: NodeJS.Timeout | undefined;
  private wake: ((reached: boolean) => void) | undefined;
  private finished = false;
  private cancelledFlag = false;

  constructor(res: ServerResponse, readonly startedAt: number, onCancel: () => void) {
    res.once('close', () => {
      if (this.finished) return;
      this.cancelledFlag = true;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.wake?.(false);
      onCancel();
    });
  }

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Resolves true at `startedAt + offsetMs` (at once if that is past), false if the client left first. */
  waitUntil(offsetMs: number): Promise<boolean> {
    if (this.cancelledFlag) return Promise.resolve(false);
    const delay = offsetMs - this.elapsedMs();
    if (delay <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.wake = resolve;
      // Whole milliseconds: Node keeps one timer list per distinct duration, so fractional delays would give every
      // stream's every token a list of its own. Offsets stay absolute, so the rounding never accumulates.
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.wake = undefined;
        resolve(true);
      }, Math.max(1, Math.round(delay)));
    });
  }

  finish(): void {
    this.finished = true;
  }
}
